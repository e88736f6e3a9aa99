#!/usr/bin/env bash
# Throughput and latency of bot-service reads and writes with wrk, plus each service's resident memory.
# Runs against `./parley up` (JWT callers are not rate limited, so wrk measures the service, not the limiter).
set -euo pipefail
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-16}
TOKEN_URL=http://127.0.0.1:8180/realms/parley/protocol/openid-connect/token
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

token=$(curl -sf -d grant_type=password -d client_id=parley-cli -d username=dave -d password=parley "$TOKEN_URL" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
create_bot() {
  curl -sf -X POST http://127.0.0.1:8081/v1/bots -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"name":"Bench Bot","provider":"openai","model":"gpt-4","template":"example"}' | sed -E 's/^\{"data":\{"id":"([^"]+)".*/\1/'
}
bot=$(create_bot)
BOTS=$(for _ in $(seq 1 16); do create_bot; done | tr '\n' ' ')
export BOTS

# The JIT needs a while: every endpoint is driven for WARMUP first, and only the second run is reported.
WARMUP=${WARMUP:-20s}
for url in "http://127.0.0.1:8081/v1/bots/$bot" "http://127.0.0.1:8081/v1/bots?perPage=20"; do
  wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Bearer $token" "$url" > /dev/null
done
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$HERE/patch-bot.lua" -H "Authorization: Bearer $token" http://127.0.0.1:8081 > /dev/null

echo "== GET /v1/bots/{id} (JWT, ${CONNECTIONS} connections, ${DURATION})"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:8081/v1/bots/$bot" \
  | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx'
echo "== GET /v1/bots?perPage=20 (JWT)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:8081/v1/bots?perPage=20" \
  | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx'
echo "== PATCH /v1/bots/{id} over 16 bots (JWT; each write stores the bot and two outbox events, relayed to Kafka)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/patch-bot.lua" -H "Authorization: Bearer $token" \
  http://127.0.0.1:8081 | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx'

echo "== resident memory after the runs"
for svc in bot-service conversation-service routing-service llm-gateway; do
  pid=$(cat "$HERE/../.run/$svc.pid")
  printf '%-22s %6d MiB\n' "$svc" $(( $(ps -o rss= -p "$pid") / 1024 ))
done
