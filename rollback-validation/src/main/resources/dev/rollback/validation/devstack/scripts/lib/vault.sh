#!/bin/bash
# The init library DevStack Core mounts at /scripts/lib: reads a service's secrets from Vault's KV v2 before the
# service starts. Plain bash (the images have no curl): HTTP over /dev/tcp. The token and the values never appear
# in a process argument (printf and read are shell builtins).

vault_host_port() {
  local rest="${VAULT_ADDR#*://}"
  rest="${rest%%/*}"
  VAULT_HOST="${rest%%:*}"
  VAULT_PORT="${rest##*:}"
  [ "$VAULT_PORT" != "$rest" ] || VAULT_PORT=8200
}

# vault_request METHOD PATH [BODY]: the response body on stdout; fails on anything but HTTP 200/204
vault_request() {
  vault_host_port
  local method="$1" path="$2" body="${3:-}" status response
  exec 3<>"/dev/tcp/$VAULT_HOST/$VAULT_PORT" || { echo "vault: cannot reach $VAULT_HOST:$VAULT_PORT" >&2; return 1; }
  printf '%s %s HTTP/1.0\r\nHost: %s\r\nX-Vault-Token: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$method" "$path" "$VAULT_HOST" "${VAULT_CLIENT_TOKEN:-}" "${#body}" "$body" >&3
  response="$(cat <&3)"
  exec 3>&-
  status="$(printf '%s' "${response%%$'\r'*}" | cut -d' ' -f2)"
  case "$status" in
    200|204) printf '%s' "${response#*$'\r\n\r\n'}" ;;
    *) echo "vault: $method $path answered HTTP $status (sealed, or the token is refused?)" >&2; return 1 ;;
  esac
}

json_field() { # json field: the first "field":"value" string
  sed -n 's/.*"'"$2"'":"\([^"]*\)".*/\1/p' <<<"$1" | head -1
}

# vault_login_root_token: the token DevStack Core's root-token init scripts use
vault_login_root_token() {
  if [ -z "${VAULT_TOKEN:-}" ]; then
    echo "vault: VAULT_TOKEN is not set; root-token auth needs it (.env VAULT_TOKEN=...)" >&2
    return 1
  fi
  VAULT_CLIENT_TOKEN="$VAULT_TOKEN"
}

# vault_login_approle DIR: logs in with DIR/role-id and DIR/secret-id
vault_login_approle() {
  local dir="$1" role secret answer
  if [ ! -r "$dir/role-id" ] || [ ! -r "$dir/secret-id" ]; then
    echo "vault: no AppRole credentials in $dir" >&2
    return 1
  fi
  read -r role <"$dir/role-id"
  read -r secret <"$dir/secret-id"
  VAULT_CLIENT_TOKEN=""
  answer="$(vault_request POST /v1/auth/approle/login "{\"role_id\":\"$role\",\"secret_id\":\"$secret\"}")" || return 1
  VAULT_CLIENT_TOKEN="$(json_field "$answer" client_token)"
  [ -n "$VAULT_CLIENT_TOKEN" ] || { echo "vault: the AppRole login gave no token" >&2; return 1; }
}

# vault_secret NAME: the secret's JSON (KV v2, mount secret/)
vault_secret() {
  vault_request GET "/v1/secret/data/$1"
}
