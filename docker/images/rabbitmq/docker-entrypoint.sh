#!/usr/bin/env bash
# Writes RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS / RABBITMQ_DEFAULT_VHOST into a conf.d file and runs
# rabbitmq-server as the rabbitmq user with the management plugin, as the official image does.
set -Eeo pipefail

if [ "$1" = rabbitmq-server ]; then
  if [ "$(id -u)" = 0 ]; then
    mkdir -p /var/lib/rabbitmq /etc/rabbitmq/conf.d
    chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /etc/rabbitmq
    exec gosu rabbitmq "${BASH_SOURCE[0]}" "$@"
  fi
  conf=/etc/rabbitmq/conf.d/20-default-user.conf
  : >"$conf"
  [ -z "${RABBITMQ_DEFAULT_USER:-}" ] || echo "default_user = $RABBITMQ_DEFAULT_USER" >>"$conf"
  [ -z "${RABBITMQ_DEFAULT_PASS:-}" ] || echo "default_pass = $RABBITMQ_DEFAULT_PASS" >>"$conf"
  [ -z "${RABBITMQ_DEFAULT_VHOST:-}" ] || echo "default_vhost = $RABBITMQ_DEFAULT_VHOST" >>"$conf"
  chmod 600 "$conf"
  # the cookie the CLI tools (rabbitmq-diagnostics) share with the server
  cookie="$HOME/.erlang.cookie"
  if [ -n "${RABBITMQ_ERLANG_COOKIE:-}" ]; then
    rm -f "$cookie" # a cookie from an earlier start is 0400: replace it, do not write into it
    printf '%s' "$RABBITMQ_ERLANG_COOKIE" >"$cookie"
  elif [ ! -s "$cookie" ]; then
    head -c 30 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 20 >"$cookie"
  fi
  chmod 400 "$cookie"
  # the server itself, not Debian's wrapper that sends its output to /var/log/rabbitmq/startup_log
  cd /var/lib/rabbitmq
  set -- /usr/lib/rabbitmq/bin/rabbitmq-server "${@:2}"
fi

exec "$@"
