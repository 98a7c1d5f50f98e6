#!/usr/bin/env bash
# Writes /etc/pgbouncer/pgbouncer.ini and userlist.txt (0600, owned by postgres) from DB_HOST, DB_PORT, DB_USER,
# DB_PASSWORD, DB_NAME, LISTEN_PORT, POOL_MODE, AUTH_TYPE, MAX_CLIENT_CONN, DEFAULT_POOL_SIZE, then runs pgbouncer
# in the foreground as the postgres user. The password goes into userlist.txt only (bash builtins write it), never
# into a process's arguments; it is taken out of the environment before pgbouncer starts.
set -Eeo pipefail

if [ "${1:0:1}" = '-' ]; then
  set -- pgbouncer "$@"
fi

conf_dir=/etc/pgbouncer
ini="$conf_dir/pgbouncer.ini"
userlist="$conf_dir/userlist.txt"

fail() { echo "$0: $*" >&2; exit 1; }

# one INI value: no line breaks (they would start a new setting), optionally only from a set of characters
value() { # name default [pattern]
  local v="${!1:-$2}"
  case "$v" in *$'\n'* | *$'\r'*) fail "$1 must be a single line" ;; esac
  if [ -n "${3:-}" ] && ! [[ "$v" =~ ^($3)$ ]]; then
    fail "$1='$v' is not allowed here (expected $3)"
  fi
  printf '%s' "$v"
}

write_config() {
  local host port user name listen_port pool_mode auth max_conn pool_size
  host="$(value DB_HOST postgres '[A-Za-z0-9_.:-]+')"
  port="$(value DB_PORT 5432 '[0-9]+')"
  user="$(value DB_USER '' '[A-Za-z0-9_.@-]+')"
  name="$(value DB_NAME '' '[A-Za-z0-9_.-]*')"
  listen_port="$(value LISTEN_PORT 5432 '[0-9]+')"
  pool_mode="$(value POOL_MODE transaction 'session|transaction|statement')"
  auth="$(value AUTH_TYPE scram-sha-256 '[a-z0-9-]+')"
  max_conn="$(value MAX_CLIENT_CONN 100 '[0-9]+')"
  pool_size="$(value DEFAULT_POOL_SIZE 20 '[0-9]+')"
  case "${DB_PASSWORD:-}" in *$'\n'* | *$'\r'*) fail "DB_PASSWORD must be a single line" ;; esac

  umask 0077
  {
    echo '[databases]'
    if [ -n "$name" ]; then
      echo "$name = host=$host port=$port dbname=$name"
    else
      echo "* = host=$host port=$port"
    fi
    echo
    echo '[pgbouncer]'
    echo 'listen_addr = 0.0.0.0'
    echo "listen_port = $listen_port"
    echo 'unix_socket_dir = /var/run/postgresql'
    echo "auth_type = $auth"
    echo "auth_file = $userlist"
    echo "pool_mode = $pool_mode"
    echo "max_client_conn = $max_conn"
    echo "default_pool_size = $pool_size"
    echo "admin_users = $user"
    echo "stats_users = $user"
    # JDBC drivers send it at connect
    echo 'ignore_startup_parameters = extra_float_digits'
  } >"$ini.tmp"
  mv -f "$ini.tmp" "$ini"
  # "user" "password", a double quote inside doubled; pgbouncer logs in to the server with this password too
  local pw="${DB_PASSWORD:-}"
  printf '"%s" "%s"\n' "$user" "${pw//\"/\"\"}" >"$userlist.tmp"
  mv -f "$userlist.tmp" "$userlist"
  chmod 0600 "$ini" "$userlist"
}

if [ "$1" = pgbouncer ]; then
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$conf_dir" /var/run/postgresql
    chown postgres:postgres "$conf_dir" /var/run/postgresql
    exec gosu postgres "${BASH_SOURCE[0]}" "$@"
  fi
  if [ -n "${DB_USER:-}" ]; then
    write_config
  elif [ ! -f "$ini" ]; then
    fail "set DB_USER and DB_PASSWORD (and DB_HOST, ...), or mount a $ini"
  fi
  unset DB_PASSWORD
  # the configuration file is the last argument unless one is given
  last="${*: -1}"
  if [ "$#" -eq 1 ] || [ "${last%.ini}" = "$last" ]; then
    set -- "$@" "$ini"
  fi
fi

exec "$@"
