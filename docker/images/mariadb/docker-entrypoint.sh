#!/usr/bin/env bash
# First start: mariadb-install-db, root password and optional database/user from MARIADB_* / MYSQL_* env,
# /docker-entrypoint-initdb.d, then exec the server as the mysql user (as the official image does).
set -Eeo pipefail

if [ "${1:0:1}" = '-' ]; then
  set -- mariadbd "$@"
fi

env_of() { # first non-empty of MARIADB_<x>, MYSQL_<x>
  local a="MARIADB_$1" b="MYSQL_$1"
  printf '%s' "${!a:-${!b:-}}"
}
sql_escape() { local s="${1//\\/\\\\}"; printf '%s' "${s//\'/\\\'}"; }

if [ "$1" = mariadbd ] || [ "$1" = mysqld ]; then
  if [ "$(id -u)" = 0 ]; then
    mkdir -p /var/lib/mysql /run/mysqld
    chown -R mysql:mysql /var/lib/mysql /run/mysqld
    exec gosu mysql "${BASH_SOURCE[0]}" "$@"
  fi

  if [ ! -d /var/lib/mysql/mysql ]; then
    root_password="$(env_of ROOT_PASSWORD)"
    allow_empty="$(env_of ALLOW_EMPTY_ROOT_PASSWORD)"; allow_empty="${allow_empty:-${MYSQL_ALLOW_EMPTY_PASSWORD:-}}"
    if [ -z "$root_password" ] && [ -z "$allow_empty" ]; then
      echo "Error: database is uninitialized and password option is not specified." >&2
      echo "       Set MARIADB_ROOT_PASSWORD (or MYSQL_ROOT_PASSWORD) or MARIADB_ALLOW_EMPTY_ROOT_PASSWORD." >&2
      exit 1
    fi
    database="$(env_of DATABASE)"; user="$(env_of USER)"; password="$(env_of PASSWORD)"

    echo "$0: initializing database files"
    mariadb-install-db --datadir=/var/lib/mysql --skip-test-db --auth-root-authentication-method=normal \
      --skip-name-resolve >/dev/null
    socket=/run/mysqld/mysqld.sock
    "$@" --skip-networking --socket="$socket" &
    pid=$!
    for _ in $(seq 1 60); do
      mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1 && break
      sleep 1
    done
    mariadb-admin --socket="$socket" -uroot ping >/dev/null

    rp="$(sql_escape "$root_password")"
    {
      echo "SET @@SESSION.SQL_LOG_BIN=0;"
      echo "DELETE FROM mysql.global_priv WHERE User='' OR (User='root' AND Host NOT IN ('localhost'));"
      echo "FLUSH PRIVILEGES;"
      echo "SET PASSWORD FOR 'root'@'localhost' = PASSWORD('$rp');"
      echo "CREATE USER 'root'@'%' IDENTIFIED BY '$rp';"
      echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
      echo "GRANT PROXY ON ''@'%' TO 'root'@'%' WITH GRANT OPTION;"
      if [ -n "$database" ]; then
        echo "CREATE DATABASE IF NOT EXISTS \`${database//\`/\`\`}\`;"
      fi
      if [ -n "$user" ] && [ -n "$password" ]; then
        echo "CREATE USER '$(sql_escape "$user")'@'%' IDENTIFIED BY '$(sql_escape "$password")';"
        [ -z "$database" ] || echo "GRANT ALL ON \`${database//\`/\`\`}\`.* TO '$(sql_escape "$user")'@'%';"
      fi
      echo "FLUSH PRIVILEGES;"
    } | mariadb --socket="$socket" -uroot --binary-mode

    export MYSQL_PWD="$root_password"
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sh) echo "$0: running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
        *.sql) echo "$0: running $f"; mariadb --socket="$socket" -uroot ${database:+"$database"} <"$f" ;;
        *.sql.gz) echo "$0: running $f"; gunzip -c "$f" | mariadb --socket="$socket" -uroot ${database:+"$database"} ;;
        *) if [ -e "$f" ]; then echo "$0: ignoring $f"; fi ;;
      esac
    done
    mariadb-admin --socket="$socket" -uroot shutdown
    unset MYSQL_PWD
    wait "$pid" || true
    echo "$0: MariaDB init process done; ready for start up."
  fi
fi

exec "$@"
