#!/usr/bin/env bash
# The SDK's overhead on a service rollback: wall time of the rollback minus the container's own time from start
# to healthy (Docker's event timestamps), over several runs, on the test fixture (local images, real engine).
# Usage: bench/service-rollback-overhead.sh [runs]     (needs scripts/setup-test-env.sh to have run)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
FIXTURE="$ROOT/rollback-core/src/test/resources/fixtures/service-env"
"$ROOT/rollback" --version >/dev/null          # builds the CLI jar when needed

name="rbbench$RANDOM"
net="172.31.$((100 + RANDOM % 150))"
work="$(mktemp -d)"
home="$work/$name"
cleanup() { (cd "$home" && docker-compose -p "$name" --profile standard down -v -t 2 >/dev/null 2>&1) || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$home"
cp -r "$FIXTURE/." "$home/"
mv "$home/env" "$home/.env"
printf 'FIXTURE_PREFIX=dev-%s\nFIXTURE_NET=%s\nFIXTURE_SUBNET=%s.0/24\n' "$name" "$net" "$net" >>"$home/.env"
printf '.env\n.env.rollback-*\n.rollback/\n' >"$home/.gitignore"
(cd "$home" && git init -q -b main && git add -A && git -c user.name=bench -c user.email=bench@localhost commit -qm baseline)

echo "fixture $name: starting postgres, mysql and the Redis cluster (setup, not measured)"
(cd "$home" && docker-compose -p "$name" --profile standard up -d postgres mysql redis-1 redis-2 redis-3 >/dev/null 2>&1)
for c in postgres mysql redis-1 redis-2 redis-3; do
  for _ in $(seq 1 120); do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "dev-$name-$c")" = healthy ] && break
    sleep 0.5
  done
done
docker exec "dev-$name-redis-1" redis-cli --cluster create "$net.11:6379" "$net.12:6379" "$net.13:6379" \
  --cluster-yes >/dev/null

results="$work/results.tsv"
for service in postgres mysql redis-1; do
  for i in $(seq 1 "$RUNS"); do
    start=$(date +%s%N)
    "$ROOT/rollback" -C "$home" service "$service" --await-healthy 120s --json >"$work/out.json"
    end=$(date +%s%N)
    python3 - "$work/out.json" "$service" "$(( (end - start) / 1000000 ))" >>"$results" <<'PY'
import json, sys, re
r = json.load(open(sys.argv[1]))
def secs(iso):  # PT6.123S, PT1M2.5S
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", iso)
    h, mi, s = (float(x) if x else 0.0 for x in m.groups())
    return h * 3600 + mi * 60 + s
tth = max(secs(v) for v in r["timeToHealthy"].values())
sdk = secs(r["duration"])
print(f"{sys.argv[2]}\t{sdk:.3f}\t{tth:.3f}\t{int(sys.argv[3]) / 1000:.3f}")
PY
  done
done

python3 - "$results" "$RUNS" <<'PY'
import sys, statistics
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
seed_sleep = {"postgres": "none fixed; the runbook re-checks by hand",
              "mysql": "polls `docker ps | grep healthy` each 1 s, up to 60 s",
              "redis-1": "sleep 30 (all three nodes)"}
print(f"\nService rollback overhead over {sys.argv[2]} runs (seconds; overhead = rollback wall time - the container's"
      " own start-to-healthy time)")
print(f"{'service':10} {'start->healthy med':>19} {'SDK overhead min/med/max':>26} {'CLI overhead med':>17}   seed's fixed waits")
for svc in ("postgres", "mysql", "redis-1"):
    r = [x for x in rows if x[0] == svc]
    sdk = [float(x[1]) - float(x[2]) for x in r]
    cli = [float(x[3]) - float(x[2]) for x in r]
    tth = [float(x[2]) for x in r]
    print(f"{svc:10} {statistics.median(tth):19.2f} {min(sdk):8.2f} /{statistics.median(sdk):6.2f} /{max(sdk):6.2f}"
          f" {statistics.median(cli):17.2f}   {seed_sleep[svc]}")
print("\nGoal: SDK overhead median <= 1 s. The CLI figure adds the JVM's start (one process per run).")
PY
