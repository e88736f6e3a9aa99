#!/usr/bin/env bash
# How long after DELETE /v1/api-keys/{id} does each service refuse the key? Runs against `./parley up`.
# The bound Parley promises is 5 s; this measures the real number, end to end (outbox → Kafka → replica).
set -euo pipefail
ROUNDS=${ROUNDS:-5}
TOKEN_URL=http://127.0.0.1:8180/realms/parley/protocol/openid-connect/token
BOT=http://127.0.0.1:8081
declare -A PATHS=([conversation-service]=http://127.0.0.1:8082/v1/conversations
                  [routing-service]=http://127.0.0.1:8083/v1/teams
                  [llm-gateway]=http://127.0.0.1:8084/v1/models)

now_ms() { date +%s%3N; }
status() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $2" "$1"; }
wait_for() { # wait_for URL KEY STATUS -> prints ms waited
  local start; start=$(now_ms)
  until [[ $(status "$1" "$2") == "$3" ]]; do
    (( $(now_ms) - start < 15000 )) || { echo "timeout"; return; }
  done
  echo $(( $(now_ms) - start ))
}

admin=$(curl -sf -d grant_type=password -d client_id=parley-cli -d username=alice -d password=parley "$TOKEN_URL" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
printf '%-22s %-16s %-16s\n' service "usable after (ms)" "refused after (ms)"
for round in $(seq 1 "$ROUNDS"); do
  created=$(curl -sf -X POST "$BOT/v1/api-keys" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"name":"bench","scopes":["conversations:read","routing:read","llm:use"]}')
  id=$(sed -E 's/^\{"data":\{"id":"([^"]+)".*/\1/' <<< "$created")
  key=$(sed -E 's/.*"key":"(pk_[^"]+)".*/\1/' <<< "$created")
  declare -A usable=()
  for svc in "${!PATHS[@]}"; do usable[$svc]=$(wait_for "${PATHS[$svc]}" "$key" 200); done
  revoked_at=$(now_ms)
  curl -sf -o /dev/null -X DELETE "$BOT/v1/api-keys/$id" -H "Authorization: Bearer $admin"
  for svc in "${!PATHS[@]}"; do
    start=$(now_ms)
    until [[ $(status "${PATHS[$svc]}" "$key") == 401 ]]; do
      (( $(now_ms) - start < 15000 )) || break
    done
    printf '%-22s %-16s %-16s\n' "$svc" "${usable[$svc]}" "$(( $(now_ms) - revoked_at ))"
  done
done
