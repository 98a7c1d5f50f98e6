#!/usr/bin/env bash
# Installs and starts everything the test suite talks to: the Docker engine, the local/* images built
# from Debian packages (no image registry is needed), and the host services PostgreSQL, MariaDB, Redis
# and RabbitMQ, and Chromium for the HTML report test. Idempotent: a second run only checks, in a few seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGES_DIR="$ROOT/docker/images"
SUITE=bookworm
LABEL=dev.rollback.recipe
export DOCKER_BUILDKIT=0 DEBIAN_FRONTEND=noninteractive LC_ALL=C

log() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root (installs packages, starts daemons)"

# ---------------------------------------------------------------- packages
ensure_packages() {
  local want=(docker.io docker-compose debootstrap busybox-static chromium)
  command -v pg_ctlcluster >/dev/null 2>&1 || want+=(postgresql)
  [ -x /usr/sbin/mariadbd ] || want+=(mariadb-server)
  command -v redis-server >/dev/null 2>&1 || want+=(redis-server)
  command -v rabbitmq-server >/dev/null 2>&1 || want+=(rabbitmq-server)
  local missing=() p
  for p in "${want[@]}"; do
    dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "packages: all present (${want[*]})"
    return
  fi
  log "packages: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
}

# ---------------------------------------------------------------- docker engine
ensure_dockerd() {
  if docker info >/dev/null 2>&1; then
    log "docker: engine answers ($(docker version -f '{{.Server.Version}}' 2>/dev/null))"
    return
  fi
  log "docker: starting dockerd (log: /var/log/dockerd.log)"
  # its own session, so it outlives this script and the CI job's process group
  setsid nohup dockerd >/var/log/dockerd.log 2>&1 </dev/null &
  local i
  for i in $(seq 1 30); do
    docker info >/dev/null 2>&1 && { log "docker: engine up after ${i}s"; return; }
    sleep 1
  done
  tail -20 /var/log/dockerd.log >&2 || true
  die "docker: engine did not answer within 30s"
}

# ---------------------------------------------------------------- images
sha() { sha256sum | cut -c1-64; }

# The hash of a recipe directory: every file's path and content, in a stable order.
dir_hash() {
  (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha
}

image_current() { # ref hash
  [ "$(docker image inspect -f "{{ index .Config.Labels \"$LABEL\" }}" "$1" 2>/dev/null)" = "$2" ]
}

debian_mirror() {
  local m=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    m="$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources)"
  fi
  if [ -z "$m" ] && [ -f /etc/apt/sources.list ]; then
    m="$(awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)"
  fi
  printf '%s' "${m:-http://deb.debian.org/debian}"
}

build_busybox() { # ref hash
  local dir; dir="$(mktemp -d)"
  mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc"
  chmod 1777 "$dir/tmp"
  cp /bin/busybox "$dir/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
  done
  printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
  tar --numeric-owner -C "$dir" -c . | docker import \
    --change "LABEL $LABEL=$2" --change 'ENV PATH=/bin' --change 'CMD ["sh"]' - "$1" >/dev/null
  rm -rf "$dir"
}

build_debian() { # ref hash mirror
  local dir; dir="$(mktemp -d /var/tmp/rollback-debian.XXXXXX)"
  debootstrap --variant=minbase "$SUITE" "$dir" "$3" >/dev/null
  # as Debian's official images do: no daemons started by package scripts, no recommends, no docs
  printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$dir/etc/apt/apt.conf.d/90-no-recommends"
  cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
  printf 'path-exclude /usr/share/doc/*\npath-include /usr/share/doc/*/copyright\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\npath-exclude /usr/share/locale/*\npath-include /usr/share/locale/locale.alias\n' \
    >"$dir/etc/dpkg/dpkg.cfg.d/90-docker-excludes"
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/*/changelog* "$dir"/usr/share/man/*
  tar --numeric-owner -C "$dir" -c . | docker import \
    --change "LABEL $LABEL=$2" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8' \
    --change 'CMD ["bash"]' - "$1" >/dev/null
  rm -rf "$dir"
}

ensure_image() { # ref hash builder [args...]
  local ref="$1" hash="$2" builder="$3"; shift 3
  if image_current "$ref" "$hash"; then
    log "image $ref: up to date (${hash:0:12})"
    return
  fi
  log "image $ref: building (recipe ${hash:0:12})"
  local start=$SECONDS
  "$builder" "$ref" "$hash" "$@"
  log "image $ref: built in $((SECONDS - start))s"
}

build_dockerfile() { # ref hash dir
  local out; out="$(mktemp)"
  if ! docker build --network host --label "$LABEL=$2" -t "$1" "$3" >"$out" 2>&1; then
    tail -40 "$out" >&2; rm -f "$out"; die "image $1: docker build failed"
  fi
  rm -f "$out"
}

ensure_images() {
  local busybox_hash debian_hash mirror
  busybox_hash="$( { declare -f build_busybox; sha256sum </bin/busybox; } | sha)"
  ensure_image local/busybox:latest "$busybox_hash" build_busybox

  mirror="$(debian_mirror)"
  debian_hash="$( { declare -f build_debian; echo "$SUITE $mirror"; } | sha)"
  ensure_image "local/debian:$SUITE" "$debian_hash" build_debian "$mirror"

  local name tag hash
  for name in postgres:15 mariadb:10.11 redis:7 rabbitmq:3.10-management java:17 pgbouncer:1; do
    tag="${name#*:}"; name="${name%%:*}"
    hash="$( { echo "$debian_hash"; dir_hash "$IMAGES_DIR/$name"; } | sha)"
    ensure_image "local/$name:$tag" "$hash" build_dockerfile "$IMAGES_DIR/$name"
  done
  # dangling layers of replaced images
  docker image prune -f --filter "label=$LABEL" >/dev/null 2>&1 || true
}

# ---------------------------------------------------------------- host services
port_open() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

wait_port() { # name port seconds
  local i
  for i in $(seq 1 "$3"); do
    port_open "$2" && { log "$1: answers on 127.0.0.1:$2"; return; }
    sleep 1
  done
  die "$1: nothing answers on 127.0.0.1:$2 after $3s"
}

ensure_service() { # name port seconds start-command...
  local name="$1" port="$2" secs="$3"; shift 3
  if port_open "$port"; then
    log "$name: answers on 127.0.0.1:$port"
    return
  fi
  log "$name: starting"
  "$@"
  wait_port "$name" "$port" "$secs"
}

start_postgres() {
  local version; version="$(ls /etc/postgresql | sort -V | tail -1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
}
start_mariadb() {
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
}
start_redis() {
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
}
start_rabbitmq() { rabbitmq-server -detached; }

ensure_postgres_trust() {
  if psql -h 127.0.0.1 -U postgres -w -tAc 'select 1' postgres >/dev/null 2>&1; then
    log "postgres: user postgres logs in over TCP without a password"
    return
  fi
  log "postgres: allowing trust auth from 127.0.0.1 and ::1"
  local hba; hba="$(su postgres -c "psql -tAc 'show hba_file'")"
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  su postgres -c "psql -tAc 'select pg_reload_conf()'" >/dev/null
}

ensure_mariadb_root() {
  if mariadb -h 127.0.0.1 -P 3306 -uroot -e 'select 1' >/dev/null 2>&1; then
    log "mariadb: root logs in over TCP with an empty password"
    return
  fi
  log "mariadb: allowing root with an empty password over TCP"
  mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('')"
}

ensure_rabbitmq_management() {
  if grep -qs rabbitmq_management /etc/rabbitmq/enabled_plugins; then
    log "rabbitmq: management plugin enabled"
  else
    log "rabbitmq: enabling the management plugin"
    rabbitmq-plugins enable rabbitmq_management >/dev/null
  fi
  wait_port "rabbitmq management" 15672 60
}

main() {
  local start=$SECONDS
  ensure_packages
  ensure_dockerd
  ensure_images
  ensure_service postgres 5432 30 start_postgres
  ensure_postgres_trust
  ensure_service mariadb 3306 30 start_mariadb
  ensure_mariadb_root
  ensure_service redis 6379 15 start_redis
  ensure_service rabbitmq 5672 90 start_rabbitmq
  ensure_rabbitmq_management
  log "ready in $((SECONDS - start))s"
}

main "$@"
