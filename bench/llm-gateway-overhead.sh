#!/usr/bin/env bash
# What llm-gateway adds to a model call, side by side in one run against one fake OpenAI-compatible provider
# (WireMock, answering at once):
#   direct to the fake · through llm-gateway with a Keycloak JWT · with an API key · through the Portkey gateway
#   (npm @portkey-ai/gateway, the same fake as its custom host)
# p50/p99 at concurrency 1 (and direct again with the pauses a gateway puts between the provider's calls),
# throughput at concurrency 64, streaming first-chunk latency, the in-process embedding
# model (one sentence, a batch of 32, and beside chat completions), the gateway's resident memory, and afterwards
# calls made vs usage rows vs tokens summed. Figures are only comparable within one run: read them as ratios.
#
# Needs: the infrastructure (infra/parley-infra up: PostgreSQL, Keycloak, Redis), wrk, node/npm, curl, psql, and the
# built gateway (./mvnw -pl llm-gateway -am package -DskipTests).
# Leaves a platform running beside it alone: its own ports (18490-18492), its own database (parley_llm_bench, made
# afresh), no Kafka at all (the gateway's outbox keeps the usage events in the bench database; API keys are put
# straight into its replica table), the bench key on a plan whose rate limit it raises (the check still runs).
#   DURATION (15s), WARMUP (20s), STREAMS (200 first-chunk samples), JFR=1 (records bench/jfr/llm-gateway.jfr),
#   GATEWAY_APP (llm-gateway/target/quarkus-app: another build's quarkus-app to compare builds),
#   GATEWAY_OPTS (more JVM options of the gateway, after a pod's own from infra/service-jvm.options, e.g.
#   -XX:NativeMemoryTracking=summary; another collector as -XX:-UseSerialGC -XX:+UseG1GC)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT="$HERE/.."
source "$ROOT/infra/lib.sh"
JAVA_HOME=$(find_jdk21)
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-20s}
STREAMS=${STREAMS:-200}
GATEWAY_PORT=18490
PROVIDER_PORT=18491
PORTKEY_PORT=18492
BENCH_DB=parley_llm_bench
GATEWAY_APP=${GATEWAY_APP:-$ROOT/llm-gateway/target/quarkus-app}
PG="psql -X -q -t -A -h 127.0.0.1 -p ${PARLEY_PG_PORT:-5432}"
PGADMIN=${PGADMIN_USER:-postgres}
WORK=$(mktemp -d)
for tool in wrk node npm curl psql; do
  command -v $tool >/dev/null || { echo "$tool is needed (wrk: apt-get install wrk)" >&2; exit 1; }
done

# The Portkey gateway, from the npm registry, into a git-ignored folder (installed once).
PORTKEY_DIR=$HERE/.portkey
if [[ ! -f $PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js ]]; then
  mkdir -p "$PORTKEY_DIR"
  npm install --prefix "$PORTKEY_DIR" --no-audit --no-fund --silent @portkey-ai/gateway >&2
fi

WIREMOCK_JAR=$HOME/.m2/repository/org/wiremock/wiremock-standalone/3.13.1/wiremock-standalone-3.13.1.jar
[[ -f $WIREMOCK_JAR ]] || "$ROOT/mvnw" -q dependency:get -Dartifact=org.wiremock:wiremock-standalone:3.13.1 >&2
mkdir -p "$WORK/mappings" "$WORK/__files"
cat > "$WORK/mappings/chat.json" <<'JSON'
{"priority": 2, "request": {"method": "POST", "url": "/v1/chat/completions"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
  "body": "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}"}}
JSON
# Streamed: the first chunk at once, the rest dribbled over 100 ms, so the first chunk is seen before the end.
{
  printf 'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"},"finish_reason":null}]}\n\n'
  for word in ' there' ',' ' how' ' can' ' I' ' help' '?'; do
    printf 'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[{"index":0,"delta":{"content":"%s"},"finish_reason":null}]}\n\n' "$word"
  done
  printf 'data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"bench-model","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":8,"total_tokens":17}}\n\n'
  printf 'data: [DONE]\n\n'
} > "$WORK/__files/stream.txt"
cat > "$WORK/mappings/stream.json" <<'JSON'
{"priority": 1, "request": {"method": "POST", "url": "/v1/chat/completions",
   "bodyPatterns": [{"matchesJsonPath": "$[?(@.stream == true)]"}]},
 "response": {"status": 200, "headers": {"Content-Type": "text/event-stream"}, "bodyFileName": "stream.txt",
  "chunkedDribbleDelay": {"numberOfChunks": 8, "totalDuration": 100}}}
JSON

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# A database of its own, made afresh so that the usage counted afterwards is this run's.
$PG -U "$PGADMIN" -d postgres -c "drop database if exists $BENCH_DB" -c "create database $BENCH_DB owner parley" >/dev/null

"$JAVA_HOME/bin/java" -Xmx256m -jar "$WIREMOCK_JAR" --port "$PROVIDER_PORT" --root-dir "$WORK" --no-request-journal \
  --disable-banner --container-threads 80 > "$WORK/wiremock.log" 2>&1 &
pids+=($!)
JFR_OPTS=()
if [[ ${JFR:-0} == 1 ]]; then
  mkdir -p "$HERE/jfr"
  JFR_OPTS=(-XX:StartFlightRecording=filename="$HERE/jfr/llm-gateway.jfr",settings=profile,dumponexit=true)
fi
PARLEY_HTTP_PORT=$GATEWAY_PORT PARLEY_DB_NAME=$BENCH_DB PARLEY_SECRETS_KEY=$(head -c 32 /dev/urandom | base64) \
  PARLEY_OUTBOUND_ALLOW_LOOPBACK=true \
  "$JAVA_HOME/bin/java" @"$ROOT/infra/service-jvm.options" "${JFR_OPTS[@]}" ${GATEWAY_OPTS:-} -Dkafka.bootstrap.servers=127.0.0.1:1 \
  -Dparley.kafka.prefix=bench. -Dparley.kafka.create-topics=false -Dmp.messaging.incoming.api-keys.enabled=false \
  -Dparley.rate-limit.plans.enterprise=1000000000 -jar "$GATEWAY_APP/quarkus-run.jar" \
  > "$WORK/gateway.log" 2>&1 &
GATEWAY_PID=$!
pids+=($GATEWAY_PID)
(cd "$PORTKEY_DIR" && exec node node_modules/@portkey-ai/gateway/build/start-server.js --port=$PORTKEY_PORT --headless) \
  > "$WORK/portkey.log" 2>&1 &
pids+=($!)
for i in $(seq 1 180); do
  curl -sf -o /dev/null "http://127.0.0.1:$GATEWAY_PORT/q/health/ready" && break
  kill -0 $GATEWAY_PID 2>/dev/null || { tail -30 "$WORK/gateway.log" >&2; exit 1; }
  sleep 1
done
until curl -s -o /dev/null "http://127.0.0.1:$PROVIDER_PORT/__admin/mappings"; do sleep 1; done
until curl -s -o /dev/null "http://127.0.0.1:$PORTKEY_PORT/"; do sleep 1; done

# A developer of the demo tenant (people signed in with Keycloak are not rate limited) ...
token=$(curl -sf -d grant_type=password -d client_id=parley-cli -d username=dave -d password=parley \
  http://127.0.0.1:8180/realms/parley/protocol/openid-connect/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
tenant=$(node -e 'console.log(JSON.parse(Buffer.from(process.argv[1].split(".")[1], "base64url")).tenant_id)' "$token")
# ... and an API key of the same tenant (llm:use), put into the gateway's replica as bot-service's event would.
api_key="pk_bench$(head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
key_hash=$(printf '%s' "$api_key" | sha256sum | cut -d' ' -f1)
$PG -U parley -d $BENCH_DB -c "insert into api_key_replica (id, tenant_id, hash, scopes, plan)
  values ('key_bench', '$tenant', '$key_hash', '[\"llm:use\"]', 'enterprise')" >/dev/null
curl -sf -o /dev/null -X POST "http://127.0.0.1:$GATEWAY_PORT/v1/integrations" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench provider\",\"provider\":\"custom\",\"baseUrl\":\"http://127.0.0.1:$PROVIDER_PORT/v1\",\"defaultModel\":\"bench-model\"}"

direct=http://127.0.0.1:$PROVIDER_PORT/v1/chat/completions
gateway=http://127.0.0.1:$GATEWAY_PORT/v1/chat/completions
portkey=http://127.0.0.1:$PORTKEY_PORT/v1/chat/completions
portkey_headers=(-H "x-portkey-provider: openai" -H "x-portkey-custom-host: http://127.0.0.1:$PROVIDER_PORT/v1"
  -H "Authorization: Bearer sk-bench")
declare -A calls=()
wrk_run() { # connections script url [header args...]
  local c=$1 script=$2 url=$3; shift 3
  wrk -t"$(( c > 1 ? 2 : 1 ))" -c"$c" -d"$DURATION" --latency -s "$HERE/$script" "$@" "$url"
}
summary() { # label wrk-output
  awk -v label="$1" '
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF}
    END {printf "%-34s p50 %-9s p99 %-9s %10s req/s%s\n", label, p50, p99, rps, (bad ? "  non-2xx: " bad : "")}' <<< "$2"
}
count() { # key wrk-output: adds the answered calls through the gateway
  local n bad
  n=$(awk '/requests in/ {print $1}' <<< "$2"); bad=$(awk '/Non-2xx/ {print $NF}' <<< "$2")
  calls[$1]=$(( ${calls[$1]:-0} + n - ${bad:-0} ))
}
through() { # label connections script [count-key] -- url headers...
  local label=$1 c=$2 script=$3 key=$4; shift 4
  local out; out=$(wrk_run "$c" "$script" "$@")
  summary "$label" "$out"
  [[ -n $key ]] && count "$key" "$out"
  echo "$out" > "$WORK/last.txt"
}
rss() { awk '/VmRSS/ {rss=$2} /VmHWM/ {hwm=$2} END {printf "%.0f MiB (peak %.0f MiB)", rss/1024, hwm/1024}' /proc/$GATEWAY_PID/status; }

echo "llm-gateway overhead, $(date -u '+%F %H:%M') UTC, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "warming up each path for $WARMUP" >&2
wrk -t2 -c16 -d"$WARMUP" -s "$HERE/chat.lua" "$direct" > /dev/null
out=$(wrk -t2 -c16 -d"$WARMUP" -s "$HERE/chat.lua" -H "Authorization: Bearer $token" "$gateway"); count chat "$out"
out=$(wrk -t2 -c16 -d"$WARMUP" -s "$HERE/chat.lua" -H "Authorization: Bearer $api_key" "$gateway"); count chat "$out"
wrk -t2 -c16 -d"$WARMUP" -s "$HERE/chat.lua" "${portkey_headers[@]}" "$portkey" > /dev/null
# The streamed path and the path of a new connection are warmed as well: the first chunk is timed on both (a server
# whose streaming code the JIT has not compiled yet, or whose connection set-up it has not, measures its interpreter).
wrk -t2 -c16 -d"$WARMUP" -s "$HERE/chat-streamed.lua" "$direct" > /dev/null
out=$(wrk -t2 -c16 -d"$WARMUP" -s "$HERE/chat-streamed.lua" -H "Authorization: Bearer $token" "$gateway"); count streamed "$out"
wrk -t2 -c16 -d"$WARMUP" -s "$HERE/chat-streamed.lua" "${portkey_headers[@]}" "$portkey" > /dev/null
wrk -t2 -c8 -d"$WARMUP" -s "$HERE/chat.lua" -H 'Connection: close' "$direct" > /dev/null
out=$(wrk -t2 -c8 -d"$WARMUP" -s "$HERE/chat.lua" -H 'Connection: close' -H "Authorization: Bearer $token" "$gateway")
count chat "$out"
wrk -t2 -c8 -d"$WARMUP" -s "$HERE/chat.lua" -H 'Connection: close' "${portkey_headers[@]}" "$portkey" > /dev/null
out=$(wrk -t2 -c4 -d"$WARMUP" -s "$HERE/embed.lua" -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$GATEWAY_PORT/v1/embeddings") || true

for c in 1 64; do
  echo "== chat completion, concurrency $c, $DURATION each (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  through "direct to the fake provider" $c chat.lua "" "$direct"
  through "llm-gateway, Keycloak JWT" $c chat.lua chat "$gateway" -H "Authorization: Bearer $token"
  [[ $c == 1 ]] && gateway_ms=$(awk '/Requests\/sec/ {printf "%d", 1000 / $2 + 0.5}' "$WORK/last.txt")
  through "llm-gateway, API key" $c chat.lua chat "$gateway" -H "Authorization: Bearer $api_key"
  through "Portkey gateway" $c chat.lua "" "$portkey" "${portkey_headers[@]}"
done
# Called back to back, the fake answers from hot caches and threads; behind a gateway it idles between calls and
# answers slower. The same calls with a pause as long as a call through the gateway took show that share.
echo "== direct again, a pause of ${gateway_ms} ms after each answer (as long as a call through the gateway took)"
export PACE_MS=$gateway_ms
through "direct to the fake provider, paced" 1 chat-paced.lua "" "$direct"
echo "llm-gateway resident memory after concurrency 64: $(rss)"

stream_body=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$HERE/chat-streamed.lua") # the warm-up's streamed call
first_chunk() { # label url headers...: p50/p99 of the time to the first byte of a streamed answer, sequential, each on a new connection
  local label=$1 url=$2; shift 2
  for i in $(seq 1 "$STREAMS"); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' -X POST "$url" -H 'Content-Type: application/json' "$@" -d "$stream_body"
  done | percentiles "$label" "new connection each"
}
first_chunk_kept_alive() { # the same, one connection kept alive for all of them (as an SDK's connection pool does)
  local label=$1 url=$2; shift 2
  local urls=(); for i in $(seq 1 "$STREAMS"); do urls+=(-o /dev/null "$url"); done
  curl -s -w '%{time_starttransfer}\n' -X POST -H 'Content-Type: application/json' "$@" -d "$stream_body" "${urls[@]}" \
    | percentiles "$label" "one connection"
}
percentiles() {
  sort -n | awk -v label="$1" -v how="$2" '{v[NR]=$1*1000} END {printf "%-34s first chunk p50 %.2fms  p99 %.2fms  (%d streams, %s)\n", label, v[int(NR*0.5)], v[int(NR*0.99)], NR, how}'
}
echo "== streaming: time to the first chunk (the fake sends the rest over 100 ms), $STREAMS sequential streams each"
for measure in first_chunk first_chunk_kept_alive; do
  $measure "direct to the fake provider" "$direct"
  $measure "llm-gateway, Keycloak JWT" "$gateway" -H "Authorization: Bearer $token"
  calls[streamed]=$(( ${calls[streamed]:-0} + STREAMS ))
  $measure "Portkey gateway" "$portkey" "${portkey_headers[@]}"
done

embeddings=http://127.0.0.1:$GATEWAY_PORT/v1/embeddings
echo "== embeddings with the in-process model (the default, all-minilm-l6-v2-q), concurrency 4, $DURATION each"
through "one sentence" 4 embed.lua embed "$embeddings" -H "Authorization: Bearer $token"
through "a batch of 32 sentences" 4 embed32.lua embed "$embeddings" -H "Authorization: Bearer $token"
echo "== chat completions (concurrency 16) alone, then while batches of 32 are embedded (concurrency 4)"
through "chat alone" 16 chat.lua chat "$gateway" -H "Authorization: Bearer $token"
wrk_run 4 embed32.lua "$embeddings" -H "Authorization: Bearer $token" > "$WORK/embed-beside.txt" &
embed_pid=$!
through "chat beside embeddings" 16 chat.lua chat "$gateway" -H "Authorization: Bearer $token"
wait $embed_pid
summary "embeddings (batch of 32) beside chat" "$(cat "$WORK/embed-beside.txt")"
count embed "$(cat "$WORK/embed-beside.txt")"
echo "llm-gateway resident memory at the end: $(rss)"

# Usage: every answered call recorded once. wrk stops with calls in flight, which the gateway still answers and
# records, so the rows may exceed the calls wrk counted by at most its open connections per run.
sleep 3
read -r rows tokens <<< "$($PG -U parley -d $BENCH_DB -F' ' -c "select count(*), coalesce(sum(total_tokens), 0) from llm_usage where kind = 'chat'")"
echo "== usage: chat calls answered $(( calls[chat] + calls[streamed] )) (${calls[streamed]} streamed), usage rows $rows," \
  "tokens summed $tokens (11 per plain call, 17 per stream: expected $(( calls[chat] * 11 + calls[streamed] * 17 )) for the calls counted)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
