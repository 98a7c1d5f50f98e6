#!/bin/bash
# PostgreSQL with root-token auth: its password comes from Vault (secret/postgres), then the image's entrypoint
# runs with the command's arguments passed on.
set -euo pipefail
. /scripts/lib/vault.sh
vault_login_root_token
secret="$(vault_secret postgres)"
export POSTGRES_PASSWORD="$(json_field "$secret" password)"
echo "init: postgres credentials read from Vault (root token)"
exec docker-entrypoint.sh "$@"
