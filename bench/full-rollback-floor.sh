#!/usr/bin/env bash
# The floor of a complete environment rollback on the DevStack sandbox: the same work as
# `rollback full --from-backup <set> --volumes --databases`, done by native tools as fast as a shell can: stop, git,
# keys and .env copied, every volume untarred by a throwaway container (3 at a time), Vault recreated and unsealed
# with curl, the other services recreated in depends_on order and each awaited by running its own healthcheck in a
# tight loop (not Docker's 10 s interval), the PostgreSQL, MySQL and RabbitMQ dumps replayed by their own clients.
# No safety copy, no verification, no Redis or MongoDB dump (their volumes carry the data), no check of the result.
# Run by bench/FullRollbackBench.java; prints "<phase> <epoch seconds>" lines.
# Usage: full-rollback-floor.sh <project dir> <native dir> <baseline commit> <key dir>
set -euo pipefail
home="$1" native="$2" base="$3" keydir="$4"
project="$(basename "$home")"
cd "$home"
mark() { echo "$1 $(date +%s.%N)"; }
container() { docker ps -aq --filter "label=com.docker.compose.project=$project" \
  --filter "label=com.docker.compose.service=$1" | head -1; }
compose() { docker-compose -p "$project" "$@" >/dev/null 2>&1; }

mark start
ids=$(docker ps -q --filter "label=com.docker.compose.project=$project")
[ -z "$ids" ] || docker stop -t 30 $ids >/dev/null
mark stop

git stash push -u -q -m "floor-$(date +%s)" >/dev/null 2>&1 || true
git checkout -q main
git reset -q --hard "$base"
find "$keydir" -mindepth 1 -delete
cp -a "$native/keys/." "$keydir/"
cp "$native/env" .env
mark files

restore_volume() { # name
  docker run --rm --network none -v "$1:/data" -v "$native/volumes:/b:ro" local/busybox \
    sh -c "cd /data && rm -rf -- * .[!.]* ..?* ; tar xf /b/$1.tar -C /"
}
export -f restore_volume
export native
ls "$native/volumes" | sed 's/\.tar$//' | xargs -P3 -I{} bash -c 'restore_volume {}'
mark volumes

# the service's own healthcheck, run in its container until it passes
ready() { # service
  local c test
  c=$(container "$1")
  test=$(docker inspect -f '{{json .Config.Healthcheck.Test}}' "$c")
  mapfile -t argv < <(python3 -c 'import json,sys; t=json.loads(sys.argv[1]); print("\n".join(t[1:] if t[0]=="CMD" else ["/bin/sh","-c",t[1]]))' "$test")
  until docker exec "$c" "${argv[@]}" >/dev/null 2>&1; do sleep 0.2; done
}
wave() { # services...
  compose up -d --no-deps --force-recreate "$@"
  local s
  for s in "$@"; do ready "$s" & done
  wait
}

compose up -d --no-deps --force-recreate vault
port=$(sed -n 's/^VAULT_HOST_PORT=//p' .env)
until curl -s -o /dev/null "http://127.0.0.1:$port/v1/sys/seal-status"; do sleep 0.1; done
keyfile=$(mktemp); chmod 600 "$keyfile"
for i in 0 1 2; do
  python3 -c 'import json,sys; k=json.load(open(sys.argv[1]))["unseal_keys_b64"][int(sys.argv[2])]; print(json.dumps({"key": k}))' \
    "$keydir/keys.json" "$i" >"$keyfile"
  curl -s -o /dev/null -X PUT --data "@$keyfile" "http://127.0.0.1:$port/v1/sys/unseal"
done
rm -f "$keyfile"
ready vault
mark vault

wave postgres mysql mongodb redis-1 redis-2 redis-3 rabbitmq reference-api
wave pgbouncer forgejo
mark services

docker exec -i "$(container postgres)" psql -q -U dev_admin -d dev_database <"$native/postgres.sql" >/dev/null 2>&1 &
jobs_=($!)
docker exec -i --env-file "$native/mysql.env" "$(container mysql)" mysql -uroot <"$native/mysql.sql" &
jobs_+=($!)
rabbit="http://$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$(container rabbitmq)" | awk '{print $1}'):15672"
# the broker's health check passes before its management listener answers: retry until the definitions are taken
( for _ in $(seq 1 300); do
    curl -sf -o /dev/null -K "$native/rabbitmq.curl" -H 'Content-Type: application/json' \
      --data "@$native/rabbitmq.json" "$rabbit/api/definitions" && exit 0
    sleep 0.1
  done; echo "rabbitmq: definitions not taken" >&2; exit 1 ) &
jobs_+=($!)
for j in "${jobs_[@]}"; do wait "$j"; done   # a failed replay fails the floor (a bare `wait` would not)
mark dumps
