#!/usr/bin/env bash
# Prepares the test environment, then runs the whole build with unit and integration tests.
# Extra arguments go to Maven: scripts/test.sh -pl rollback-docker -am
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup-test-env.sh"
cd "$ROOT"
status=0
mvn -B verify "$@" || status=$?
exit "$status"
