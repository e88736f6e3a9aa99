#!/usr/bin/env bash
# Inbound message → bot reply delivered, keyword path, against a conversation-service started here from its
# built jar (test profile: its own _test database, loopback channel URLs allowed, port 18092), next to the raw
# PostgreSQL + Kafka round trip measured in the same run. Needs the infrastructure running (infra/parley-infra).
# Build first: ./mvnw -q -pl conversation-service -am verify -DskipTests
# Usage: bench/conversation-throughput.sh [customers=64] [seconds=20]
set -euo pipefail
cd "$(dirname "$0")/.."
USERS="${1:-64}"
SECONDS_MEASURED="${2:-20}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
APP="${PARLEY_BENCH_APP:-conversation-service/target/quarkus-app}"
PORT=18092
LOG=$(mktemp /tmp/conversation-bench.XXXX.log)

PARLEY_HTTP_PORT=$PORT "$JAVA" -Xmx384m ${PARLEY_BENCH_JVM_OPTS:-} -Dquarkus.profile=test -Dquarkus.log.level=WARN -jar $APP/quarkus-run.jar >"$LOG" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf -m 2 "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break
  sleep 1
done
curl -sf -m 2 "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { echo "service did not start; see $LOG"; exit 1; }

"$JAVA" -cp "$APP/lib/main/*" bench/ConversationBench.java "http://127.0.0.1:$PORT" 127.0.0.1:9092 \
  jdbc:postgresql://127.0.0.1:5432/parley_conversation_test ZGV2LW9ubHktZGV2LW9ubHktZGV2LW9ubHktZGV2LTE= \
  "$USERS" "$SECONDS_MEASURED"
echo "service RSS: $(ps -o rss= -p $SERVICE | awk '{printf "%d MiB", $1/1024}')"
