#!/bin/bash
# A Redis cluster node with root-token auth: its password comes from Vault (secret/<node>) into a config file
# (never an argument), given to redis-server before the command's own arguments.
set -euo pipefail
. /scripts/lib/vault.sh
vault_login_root_token
secret="$(vault_secret "${REDIS_NODE:?}")"
password="$(json_field "$secret" password)"
umask 077
printf 'requirepass "%s"\nmasterauth "%s"\n' "$password" "$password" >/tmp/redis-auth.conf
chown redis /tmp/redis-auth.conf
echo "init: ${REDIS_NODE} password read from Vault (root token)"
if [ "${1:-}" = redis-server ]; then
  set -- "$1" /tmp/redis-auth.conf "${@:2}"
fi
exec docker-entrypoint.sh "$@"
