#!/bin/bash
# RabbitMQ with root-token auth: the default user comes from Vault (secret/rabbitmq).
set -euo pipefail
. /scripts/lib/vault.sh
vault_login_root_token
secret="$(vault_secret rabbitmq)"
export RABBITMQ_DEFAULT_USER="$(json_field "$secret" user)"
export RABBITMQ_DEFAULT_PASS="$(json_field "$secret" password)"
export RABBITMQ_DEFAULT_VHOST="$(json_field "$secret" vhost)"
echo "init: rabbitmq credentials read from Vault (root token)"
exec docker-entrypoint.sh "$@"
