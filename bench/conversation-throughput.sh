#!/usr/bin/env bash
# Inbound message → bot reply delivered, keyword path, webhook and webchat channels, 64 and 1 customers, against a
# conversation-service started here from its built jar, next to the raw PostgreSQL + Kafka round trip measured in the
# same run. Needs the infrastructure running (infra/parley-infra).
#
# Never touches a platform running beside it: the service gets its own database (parley_conversation_bench,
# recreated each run), its own HTTP port (18092), topics under its own prefix (parley.kafka.prefix, incoming
# channels and dead-letter topics included) and its own consumer groups; the raw round trip uses the same database
# and a prefixed topic.
#
# PARLEY_BENCH_BASELINE_APP=<a quarkus-app directory built from another commit> runs that build first, the same way,
# in the same run (a baseline for before/after figures). Its incoming topics and groups are set explicitly, but a
# build older than parley.kafka.prefix publishes its events onto the unprefixed topics: only use such a build where
# no platform runs beside (e.g. a private network namespace).
# The service runs with the JVM options of a pod (infra/service-jvm.options: the serial collector, a heap from 16 to 384
# MiB); PARLEY_BENCH_JVM_OPTS: JVM options of the service after those (a JFR recording, a setting as -Dname=value;
# another collector as -XX:-UseSerialGC -XX:+UseG1GC);
# PARLEY_BENCH_BASELINE_JVM_OPTS: the baseline's own, when they differ (the same build with and without a setting).
#
# Build first: ./mvnw -q -pl conversation-service -am install -DskipTests
# Prints, per scenario: replies/s, inbound → reply delivered percentiles, the inbound HTTP answer (202) p50/p99,
# replies lost (no reply within 10 s) / inbound errors (non-202), the service's RSS, what a message cost the service
# whatever the load (tx/msg: transactions in its database per reply; waits/msg: its threads' voluntary context switches
# per reply, i.e. round trips and hand-offs between threads; cpu ms/msg: the service's CPU time per reply; all less
# what the idle service costs over the same time, watched for 4 s before each scenario), and the load average.
# Usage: bench/conversation-throughput.sh [customers=64,64@1000,1] [seconds=20] [warm-up seconds=30]
# Each entry of the customers list is one scenario per channel: N customers closed loop flat out (each sends its next
# message once its reply arrived: the most the service does), or N@R, N customers paced to offer R messages a second
# together (the latencies at that load, counted from when each message was due; no raw round trip for these).
# The warm-up is per scenario; the JVM is still compiling the service's hot code for the first half minute or so (with
# an 8 s warm-up a message cost about twice the CPU: conversation-service README, 28 Nov, evening).
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS="${1:-64,64@1000,1}"
SECONDS_MEASURED="${2:-20}"
WARMUP="${3:-30}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
APP="${PARLEY_BENCH_APP:-conversation-service/target/quarkus-app}"
PORT=18092
DB=parley_conversation_bench
KEY=ZGV2LW9ubHktZGV2LW9ubHktZGV2LW9ubHktZGV2LTE=
SERVICE=

stop() {
  if [ -n "$SERVICE" ]; then kill "$SERVICE" 2>/dev/null || true; wait "$SERVICE" 2>/dev/null || true; fi
  SERVICE=
}
trap stop EXIT

measure() { # label app jvm-options
  local label=$1 app=$2 options=$3 prefix
  prefix="bench-$(date +%s)-$RANDOM."
  local log
  log=$(mktemp /tmp/conversation-bench.XXXX.log)
  # the bench's own database, recreated (as the infrastructure creates databases: psql as the superuser)
  psql -X -q -h 127.0.0.1 -U "${PGADMIN_USER:-postgres}" -d postgres -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB OWNER parley" >/dev/null
  local topics=()
  for channel in bot-config routing bots api-keys; do
    topics+=("-Dmp.messaging.incoming.$channel.group.id=${prefix}conversation-service.$channel")
  done
  topics+=("-Dmp.messaging.incoming.bot-config.topic=${prefix}parley.bot-config"
    "-Dmp.messaging.incoming.bot-config.dead-letter-queue.topic=${prefix}parley.bot-config.dlq"
    "-Dmp.messaging.incoming.routing.topic=${prefix}parley.routing"
    "-Dmp.messaging.incoming.bots.topic=${prefix}parley.bots"
    "-Dmp.messaging.incoming.api-keys.topic=${prefix}parley.api-keys"
    "-Dmp.messaging.incoming.api-keys.dead-letter-queue.topic=${prefix}parley.api-keys.dlq")
  "$JAVA" -cp "$app/lib/main/*" bench/ConversationBench.java create-topics 127.0.0.1:9092 \
    ${prefix}parley.bot-config ${prefix}parley.routing ${prefix}parley.bots ${prefix}parley.api-keys 2>/dev/null
  PARLEY_HTTP_PORT=$PORT "$JAVA" @infra/service-jvm.options $options -Dquarkus.profile=test -Dquarkus.log.level=WARN \
    -Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/$DB -Dparley.kafka.prefix="$prefix" -D%test.parley.kafka.prefix="$prefix" \
    "${topics[@]}" -jar "$app/quarkus-run.jar" >"$log" 2>&1 &
  SERVICE=$!
  for _ in $(seq 1 180); do
    curl -sf -m 2 "http://127.0.0.1:$PORT/q/health/ready" >/dev/null && break
    sleep 1
  done
  curl -sf -m 2 "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { echo "service did not start; see $log"; exit 1; }
  "$JAVA" -cp "$app/lib/main/*" bench/ConversationBench.java "http://127.0.0.1:$PORT" 127.0.0.1:9092 \
    jdbc:postgresql://127.0.0.1:5432/$DB $KEY "$CUSTOMERS" "$SECONDS_MEASURED" "$WARMUP" "$prefix" "$SERVICE" "$label" \
    2> >(grep -v '^SLF4J' >&2)
  stop
  "$JAVA" -cp "$app/lib/main/*" bench/ConversationBench.java drop-topics 127.0.0.1:9092 "$prefix" 2>/dev/null || true
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${PARLEY_BENCH_BASELINE_APP:-}" ]; then
  measure baseline "$PARLEY_BENCH_BASELINE_APP" "${PARLEY_BENCH_BASELINE_JVM_OPTS-${PARLEY_BENCH_JVM_OPTS:-}}"
fi
measure current "$APP" "${PARLEY_BENCH_JVM_OPTS:-}"
