#!/bin/bash
# MySQL (MariaDB) with root-token auth: its passwords come from Vault (secret/mysql).
set -euo pipefail
. /scripts/lib/vault.sh
vault_login_root_token
secret="$(vault_secret mysql)"
export MYSQL_ROOT_PASSWORD="$(json_field "$secret" root_password)"
export MYSQL_USER="$(json_field "$secret" user)"
export MYSQL_PASSWORD="$(json_field "$secret" password)"
export MYSQL_DATABASE="$(json_field "$secret" database)"
echo "init: mysql credentials read from Vault (root token)"
exec docker-entrypoint.sh "$@"
