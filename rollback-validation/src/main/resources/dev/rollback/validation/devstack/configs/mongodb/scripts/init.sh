#!/bin/bash
# MongoDB with root-token auth: MONGO_INITDB_ROOT_USERNAME and MONGO_INITDB_ROOT_PASSWORD come from Vault
# (secret/mongodb), both of them, as the runbook's November 17 fix requires.
set -euo pipefail
. /scripts/lib/vault.sh
vault_login_root_token
secret="$(vault_secret mongodb)"
export MONGO_INITDB_ROOT_USERNAME="$(json_field "$secret" user)"
export MONGO_INITDB_ROOT_PASSWORD="$(json_field "$secret" password)"
echo "init: mongodb credentials read from Vault (root token)"
exec docker-entrypoint.sh "$@"
