#!/usr/bin/env bash
# Runs redis-server as the redis user with data in /data, reachable from other containers
# (protected mode off unless a config file or argument says otherwise), as the official image does.
set -Eeo pipefail

if [ "${1:0:1}" = '-' ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi

if [ "$1" = redis-server ]; then
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec gosu redis "${BASH_SOURCE[0]}" "$@"
  fi
  # a config file must stay the first argument; later arguments override earlier ones
  if [ "${2:-}" != "" ] && [ "${2%.conf}" != "$2" ] || [ "${2:-}" = "-" ]; then
    set -- "$1" "$2" --protected-mode no "${@:3}"
  else
    set -- "$1" --protected-mode no "${@:2}"
  fi
  umask 0077
fi

exec "$@"
