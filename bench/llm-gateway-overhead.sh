#!/usr/bin/env bash
# What llm-gateway adds to a chat completion: the same request sent straight to a fake OpenAI-compatible provider
# (WireMock, answering at once) and through a gateway in front of it, side by side in one run.
#   p50/p99 at concurrency 1, throughput at concurrency 64.
# Needs: the infrastructure (infra/parley-infra up), wrk, and the built gateway (./mvnw -pl llm-gateway -am package).
# It starts its own gateway on :18490 (loopback providers allowed, unlike a real deployment) and WireMock on :18491.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT="$HERE/.."
source "$ROOT/infra/lib.sh"
JAVA_HOME=$(find_jdk21)
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-20s}
GATEWAY_PORT=18490
PROVIDER_PORT=18491
WORK=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }

WIREMOCK_JAR=$HOME/.m2/repository/org/wiremock/wiremock-standalone/3.13.1/wiremock-standalone-3.13.1.jar
[[ -f $WIREMOCK_JAR ]] || "$ROOT/mvnw" -q dependency:get -Dartifact=org.wiremock:wiremock-standalone:3.13.1 >&2
mkdir -p "$WORK/mappings"
cat > "$WORK/mappings/chat.json" <<'JSON'
{"request": {"method": "POST", "url": "/v1/chat/completions"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
  "body": "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}"}}
JSON

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

"$JAVA_HOME/bin/java" -Xmx256m -jar "$WIREMOCK_JAR" --port "$PROVIDER_PORT" --root-dir "$WORK" --no-request-journal \
  --disable-banner --container-threads 80 > "$WORK/wiremock.log" 2>&1 &
pids+=($!)
PARLEY_HTTP_PORT=$GATEWAY_PORT PARLEY_KAFKA_PREFIX=bench. PARLEY_DB_NAME=parley_llm_test PARLEY_SECRETS_KEY=$(head -c 32 /dev/urandom | base64) \
  PARLEY_OUTBOUND_ALLOW_LOOPBACK=true MP_MESSAGING_INCOMING_API_KEYS_GROUP_ID=llm-gateway.bench \
  "$JAVA_HOME/bin/java" -Xmx384m -jar "$ROOT/llm-gateway/target/quarkus-app/quarkus-run.jar" > "$WORK/gateway.log" 2>&1 &
pids+=($!)
until curl -sf -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/q/health/ready"; do sleep 1; done
until curl -s -o /dev/null "http://127.0.0.1:$PROVIDER_PORT/__admin/mappings"; do sleep 1; done

# A developer of the demo tenant (people signed in with Keycloak are not rate limited).
token=$(curl -sf -d grant_type=password -d client_id=parley-cli -d username=dave -d password=parley \
  http://127.0.0.1:8180/realms/parley/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
curl -sf -o /dev/null -X POST "http://127.0.0.1:$GATEWAY_PORT/v1/integrations" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench provider\",\"provider\":\"custom\",\"baseUrl\":\"http://127.0.0.1:$PROVIDER_PORT/v1\",\"defaultModel\":\"bench-model\"}" \
  || true # kept from an earlier run: the newest one wins

direct=http://127.0.0.1:$PROVIDER_PORT/v1/chat/completions
gateway=http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions
run() { # connections url [auth]
  wrk -t"$(( $1 > 1 ? 2 : 1 ))" -c"$1" -d"$DURATION" --latency -s "$HERE/chat.lua" ${3:+-H "Authorization: Bearer $3"} "$2"
}
echo "warming up both for $WARMUP" >&2
wrk -t2 -c16 -d"$WARMUP" -s "$HERE/chat.lua" "$direct" > /dev/null
wrk -t2 -c16 -d"$WARMUP" -s "$HERE/chat.lua" -H "Authorization: Bearer $token" "$gateway" > /dev/null

summary() { # label wrk-output
  awk -v label="$1" '
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF}
    END {printf "%-28s p50 %-9s p99 %-9s %10s req/s%s\n", label, p50, p99, rps, (bad ? "  non-2xx: " bad : "")}' <<< "$2"
}
echo "== concurrency 1, $DURATION each"
summary "direct to provider" "$(run 1 "$direct")"
summary "through llm-gateway" "$(run 1 "$gateway" "$token")"
echo "== concurrency 64, $DURATION each"
summary "direct to provider" "$(run 64 "$direct")"
summary "through llm-gateway" "$(run 64 "$gateway" "$token")"
