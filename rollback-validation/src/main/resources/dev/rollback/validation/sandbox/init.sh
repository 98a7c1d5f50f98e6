#!/bin/sh
# Root-token init (baseline): reads credentials from Vault with VAULT_TOKEN, then hands over.
set -e
: "${VAULT_TOKEN:?VAULT_TOKEN must be set for root-token authentication}"
exec docker-entrypoint.sh "$@"
