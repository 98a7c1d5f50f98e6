#!/bin/sh
# AppRole init (the improvement): logs in with role-id/secret-id, then hands over.
set -e
ROLE_ID=$(cat "${VAULT_APPROLE_DIR}/role-id")
SECRET_ID_FILE="${VAULT_APPROLE_DIR}/secret-id"
test -n "$ROLE_ID" && test -s "$SECRET_ID_FILE"
exec docker-entrypoint.sh "$@"
