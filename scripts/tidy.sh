#!/usr/bin/env bash
# Tidies every module's Java sources the way the build checks them: fully qualified names inline become imports
# (InlineNamesTest checks), then the formatter lays the code out (spotless:check runs in `mvn verify`).
# Run it before a commit: scripts/tidy.sh
set -euo pipefail

cd "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mvn -B -q org.openrewrite.maven:rewrite-maven-plugin:run
mvn -B -q spotless:apply
