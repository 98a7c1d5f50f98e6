#!/usr/bin/env bash
# S1, the runbook's complete environment rollback when all services fail, against its floor, in pairs on one
# DevStack sandbox of real containers: `rollback full --from-backup <set> --volumes --databases` (wall time of the
# CLI, a new JVM each run) against the same work done by native tools (bench/full-rollback-floor.sh). Goals: under
# 60 s on a 2-core machine (the runbook budgets 15-20 minutes), within 1.5x the floor.
# Usage: bench/full-rollback.sh [pairs]     (needs scripts/setup-test-env.sh to have run: engine and local images)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/rollback" --version >/dev/null          # builds the CLI jar when needed
exec java -cp "$ROOT/rollback-cli/target/rollback.jar" "$ROOT/bench/FullRollbackBench.java" "${1:-3}" \
  "$ROOT/rollback" "$ROOT/bench/full-rollback-floor.sh"
