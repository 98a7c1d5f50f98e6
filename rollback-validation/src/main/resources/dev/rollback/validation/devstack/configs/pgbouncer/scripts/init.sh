#!/bin/bash
# PgBouncer in front of PostgreSQL: the login comes from Vault (secret/postgres); the health check's password file
# is written 0600 for the psql it runs.
set -euo pipefail
. /scripts/lib/vault.sh
vault_login_root_token
secret="$(vault_secret postgres)"
export DB_USER="$(json_field "$secret" user)"
export DB_PASSWORD="$(json_field "$secret" password)"
umask 077
printf 'localhost:5432:*:%s:%s\n' "$DB_USER" "$DB_PASSWORD" >/tmp/pgpass
echo "init: pgbouncer credentials read from Vault (root token)"
exec docker-entrypoint.sh "$@"
