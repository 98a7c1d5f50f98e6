#!/usr/bin/env bash
# Per engine, dump + restore through the adapter against the native tools run directly, same data, same run;
# then all engines' dumps in parallel against one after another. Usage: bench/database-overhead.sh [rows] [rounds]
# Needs the host MariaDB, redis-server and redis-cli on the PATH, Docker with local/postgres:15
# (scripts/setup-test-env.sh). BENCH_VERBOSE=1 prints every round, not only the medians; BENCH_ENGINES=redis-rdb,mariadb
# measures only those rows (postgresql, mariadb, redis-keys, redis-rdb, rabbitmq, rabbitmq-merge, parallel: the
# all-engines line).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/rollback" --version >/dev/null
export BENCH_PG_PASSWORD="bench-$RANDOM$RANDOM"
name="rb-bench-pg-$RANDOM"
envfile="$(mktemp)"; chmod 600 "$envfile"; printf 'POSTGRES_PASSWORD=%s\n' "$BENCH_PG_PASSWORD" >"$envfile"
# fsync off: both sides write the same data, and the disk's jitter (shared with whatever else runs) is not what is
# measured here
docker run -d --name "$name" --env-file "$envfile" -p 127.0.0.1::5432 local/postgres:15 \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off >/dev/null
rm -f "$envfile"
trap 'docker rm -f "$name" >/dev/null 2>&1 || true' EXIT
port=$(docker port "$name" 5432/tcp | head -1 | sed 's/.*://')
for _ in $(seq 1 60); do
  PGPASSWORD="$BENCH_PG_PASSWORD" psql -h 127.0.0.1 -p "$port" -U postgres -c 'select 1' >/dev/null 2>&1 && break
  sleep 0.5
done
java -cp "$ROOT/rollback-cli/target/rollback.jar" "$ROOT/bench/DatabaseBench.java" "${1:-200000}" "$port" "${2:-3}"
