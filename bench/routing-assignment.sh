#!/usr/bin/env bash
# Automatic assignment at contact-centre scale, from the packaged jar: decisions per second with 100,000 transfers
# waiting in one round-robin team and 100, 1,000 and 10,000 agents in it, with 1, 2 (and 3) replicas; meanwhile
# the handoff latency (handoff.requested sent to Kafka → its transfer.assigned read back from Kafka) into a team of
# 1,000 agents with free capacity, and the freed-slot fill latency (an agent closes a chat through the API → the next
# waiting conversation is assigned to it). Every run also counts what must never happen: an agent over capacity
# (sampled every 250 ms and at the end), active_chats not matching the agent's assigned transfers, a transfer
# assigned twice (two transfer.assigned events), an assigned transfer whose event never reached Kafka. It exits 3
# if any is found.
#
# It never touches a platform running beside it: its own Kafka broker (port KAFKA_PORT, data in a temporary
# folder, jars of .infra/kafka/libs: run `infra/parley-infra up kafka` once to download them), its own database
# parley_routing_bench (created with PGADMIN_USER, default postgres), consumer groups of its own, its own
# redis-server (database 15 of the local one if there is no binary), replicas on ports PORT, PORT+1, … Keycloak is
# only read (OIDC discovery).
#
# Needs a built jar: ./mvnw -pl routing-service -am package -DskipTests (APP= another quarkus-app folder). BASELINE= a
# second quarkus-app folder (e.g. main's, built in a copy) runs before this build at every size, so that both are
# measured side by side under the same load. The replicas run with a pod's JVM options (infra/service-jvm.options);
# OPTS= more JVM options of the replicas after those (-Dname=value settings), BASELINE_OPTS=
# the baseline's when they differ (one build with and without a setting).
# DRAIN_RATE= the backlog's pace in decisions/s for all replicas together (1,200; 0: unpaced). The replicas share this
# machine's two cores, so each is given DRAIN_RATE / replicas (parley.routing.assignment.drain-rate is per replica, as
# a deployment whose replicas share cores sets it; OPTS can still set it).
# AGENTS="100 1000 10000" REPLICAS="1 2 3" WARMUP=30 WINDOW=20 bench/routing-assignment.sh
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTS=${AGENTS:-"100 1000 10000"}
REPLICAS=${REPLICAS:-"1 2 3"}
WINDOW=${WINDOW:-20}             # seconds measured, after the warm-up
WARMUP=${WARMUP:-30}             # seconds of draining, closing chats and handing off before the window, while the JIT
                                 # compiles (5 s left two replicas' handoff p99 at 5 s instead of 0.6: routing README)
# transfers waiting at the start: 100,000 still waiting when the window opens, at up to three replicas' drain pace
WAITING=${WAITING:-$((100000 + 3 * 1200 * WARMUP))}
LIVE_AGENTS=${LIVE_AGENTS:-1000}  # team_live: handoffs land here, with free capacity
HANDOFFS=${HANDOFFS:-20}         # handoff.requested per second into team_live during the window
DRAIN_RATE=${DRAIN_RATE:-1200}   # decisions/s of the backlog's drain, all replicas together
FULL_AGENTS=${FULL_AGENTS:-40}   # team_full: one slot each, all taken, 2,000 waiting behind them
APP=${APP:-routing-service/target/quarkus-app}
BASELINE=${BASELINE:-}
PORT=${PORT:-19183}
KAFKA_PORT=${KAFKA_PORT:-19192}
PG_PORT=${PARLEY_PG_PORT:-5432}
DB=parley_routing_bench
SCHEMA=bench
KAFKA_LIBS=$PWD/.infra/kafka/libs
if [[ -z ${JAVA:-} ]]; then
  for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
    [[ -n $jdk && -x $jdk/bin/java ]] && { JAVA=$jdk/bin/java; break; }
  done
fi
JAVA=${JAVA:-java}
[[ -f $APP/quarkus-run.jar ]] || { echo "build first: ./mvnw -pl routing-service -am package -DskipTests" >&2; exit 1; }
[[ -z $BASELINE || -f $BASELINE/quarkus-run.jar ]] || { echo "no $BASELINE/quarkus-run.jar" >&2; exit 1; }
[[ -d $KAFKA_LIBS ]] || { echo "no Kafka jars in $KAFKA_LIBS: run infra/parley-infra up kafka once" >&2; exit 1; }

WORK=$(mktemp -d /tmp/routing-bench.XXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- a private Kafka broker ------------------------------------------------------------------------------------
cat > "$WORK/kafka.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$((KAFKA_PORT + 1))
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$((KAFKA_PORT + 1))
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$WORK/kafka-data
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
LOG4J=$PWD/.infra/kafka/log4j2-tools.properties
"$JAVA" -Dlog4j2.configurationFile="$LOG4J" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool format -t "$("$JAVA" \
  -Dlog4j2.configurationFile="$LOG4J" -cp "$KAFKA_LIBS/*" kafka.tools.StorageTool random-uuid)" -c "$WORK/kafka.properties" > "$WORK/kafka.log" 2>&1
"$JAVA" -Xms128m -Xmx384m -Dlog4j2.configurationFile="$LOG4J" -cp "$KAFKA_LIBS/*" kafka.Kafka "$WORK/kafka.properties" >> "$WORK/kafka.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/$KAFKA_PORT) 2>/dev/null && break; sleep 0.5; done

# --- a private Redis (rate limits), when the binary exists; else database 15 of the local one
REDIS_URL=redis://127.0.0.1:6379/15
if command -v redis-server >/dev/null; then
  redis-server --port $((KAFKA_PORT + 2)) --bind 127.0.0.1 --save '' --appendonly no > "$WORK/redis.log" 2>&1 &
  PIDS+=($!)
  REDIS_URL=redis://127.0.0.1:$((KAFKA_PORT + 2))
fi

# --- a private database ----------------------------------------------------------------------------------------
psql_admin() { psql -h 127.0.0.1 -p "$PG_PORT" -U "${PGADMIN_USER:-postgres}" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
[[ $(psql_admin -c "select 1 from pg_database where datname = '$DB'") == 1 ]] || psql_admin -c "create database $DB owner parley"
psql_() { psql -h 127.0.0.1 -p "$PG_PORT" -U parley -d "$DB" -v ON_ERROR_STOP=1 -qtA -c "set search_path=$SCHEMA; $1"; }

API_KEY=pk_bench$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 36)
KEY_HASH=$(printf '%s' "$API_KEY" | sha256sum | cut -d' ' -f1)

AUTOVACUUM=$(psql_admin -c "show autovacuum")
[[ $AUTOVACUUM == on ]] || AUTOVACUUM="off (the bench vacuums and analyzes its schema after each warm-up)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores); warm-up $WARMUP s, window $WINDOW s, $HANDOFFS handoffs/s, drain pace $DRAIN_RATE decisions/s shared by the replicas; PostgreSQL autovacuum $AUTOVACUUM"

printf '%-9s %-7s %-9s %-8s %-12s %-9s %-16s %-12s %-16s %-14s %-16s %s\n' build agents replicas waiting "decisions/s" "ms/dec" \
  "cpu ms/dec r/db" "agent sql" "handoff p50/p99" "fill p50/p99" "violations" "load"
run=0
status=0
for agents in $AGENTS; do
  for replicas in $REPLICAS; do
   for build in ${BASELINE:+baseline} this; do
    app=$APP opts=${OPTS:-}
    [[ $build == baseline ]] && app=$BASELINE opts=${BASELINE_OPTS-${OPTS:-}}
    run=$((run + 1))
    psql -h 127.0.0.1 -p "$PG_PORT" -U parley -d "$DB" -qc "set client_min_messages = warning; drop schema if exists $SCHEMA cascade; create schema $SCHEMA;"
    urls=() pids=()
    for ((r = 0; r < replicas; r++)); do
      port=$((PORT + r))
      PARLEY_HTTP_PORT=$port PARLEY_SECRETS_KEY=ZGV2LW9ubHktZGV2LW9ubHktZGV2LW9ubHktZGV2LTE= \
      QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB?currentSchema=$SCHEMA" \
      QUARKUS_FLYWAY_DEFAULT_SCHEMA=$SCHEMA PARLEY_ROUTING_REASSESS_EVERY=1s \
      PARLEY_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT PARLEY_KAFKA_PARTITIONS=6 PARLEY_REDIS_URL=$REDIS_URL \
      MP_MESSAGING_INCOMING_API_KEYS_GROUP_ID=routing-bench-$run-api-keys \
      MP_MESSAGING_INCOMING_HANDOFFS_GROUP_ID=routing-bench-$run-handoffs MP_MESSAGING_INCOMING_HANDOFFS_AUTO_OFFSET_RESET=latest \
      MP_MESSAGING_INCOMING_WEBHOOK_EVENTS_GROUP_ID=routing-bench-$run-webhook-events \
      QUARKUS_LOG_LEVEL=WARN \
        "$JAVA" @infra/service-jvm.options -Dparley.routing.assignment.drain-rate=$((DRAIN_RATE / replicas)) $opts ${JFR:+-XX:StartFlightRecording=filename=$JFR-$build-$agents-$replicas-$r.jfr,settings=profile} \
        -jar "$app/quarkus-run.jar" > "$WORK/replica-$r.log" 2>&1 &
      PIDS+=($!) pids+=($!)
      urls+=("http://127.0.0.1:$port")
      # the first one migrates the schema alone
      until curl -sf -m 2 -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
        kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$WORK/replica-$r.log"; exit 1; }; sleep 0.5
      done
    done
    max=$(( (WAITING + agents - 1) / agents ))  # enough slots that the window never runs out of free agents
    psql_ "
      insert into api_key_replica (id, tenant_id, hash, scopes, plan)
        values ('key_bench', 'tnt_bench', '$KEY_HASH', '[\"routing:read\", \"routing:write\"]', 'enterprise');
      insert into team (id, tenant_id, name, strategy, created_at, updated_at) values
        ('team_bench', 'tnt_bench', 'Bench', 'ROUND_ROBIN', now(), now()),
        ('team_live', 'tnt_bench', 'Live', 'ROUND_ROBIN', now(), now()),
        ('team_full', 'tnt_bench', 'Full', 'ROUND_ROBIN', now(), now());
      insert into agent (id, tenant_id, type, owner_id, name, status, max_chats_count, default_group_priority, created_at, updated_at)
        select 'agt_b_' || g, 'tnt_bench', 'HUMAN', 'bench', 'Agent ' || g, 'OFFLINE', $max,
               (array['FIRST', 'NORMAL', 'LAST'])[1 + g % 3], now(), now() from generate_series(1, $agents) g;
      insert into agent (id, tenant_id, type, owner_id, name, status, max_chats_count, default_group_priority, created_at, updated_at)
        select 'agt_l_' || g, 'tnt_bench', 'HUMAN', 'bench', 'Live ' || g, 'ACCEPTING_CHATS', 50, 'NORMAL', now(), now()
        from generate_series(1, $LIVE_AGENTS) g;
      insert into agent (id, tenant_id, type, owner_id, name, status, max_chats_count, default_group_priority, created_at, updated_at)
        select 'agt_f_' || g, 'tnt_bench', 'HUMAN', 'bench', 'Full ' || g, 'OFFLINE', 1, 'NORMAL', now(), now()
        from generate_series(1, $FULL_AGENTS) g;
      insert into team_member (team_id, agent_id, tenant_id, created_at)
        select 'team_bench', 'agt_b_' || g, 'tnt_bench', now() from generate_series(1, $agents) g
        union all select 'team_live', 'agt_l_' || g, 'tnt_bench', now() from generate_series(1, $LIVE_AGENTS) g
        union all select 'team_full', 'agt_f_' || g, 'tnt_bench', now() from generate_series(1, $FULL_AGENTS) g;
      insert into transfer (id, tenant_id, conversation_id, team_id, status, source, created_at, updated_at)
        select 'tr_full_' || g, 'tnt_bench', 'conv_full_' || g, 'team_full', 'WAITING', 'api',
               now() - interval '1 day' + g * interval '1 millisecond', now() from generate_series(1, 2000) g;
      insert into transfer (id, tenant_id, conversation_id, team_id, status, source, created_at, updated_at)
        select 'tr_bench_' || g, 'tnt_bench', 'conv_bench_' || g, 'team_bench', 'WAITING', 'api',
               now() - ($WAITING - g) * interval '1 millisecond', now() from generate_series(1, $WAITING) g;
      analyze transfer; analyze agent; analyze team_member;"
    load_start=$(cut -d' ' -f1 /proc/loadavg)
    IFS='|' read -r rate per cpu dbcpu h50 h99 hn f50 f99 fn over mismatch twice missing lost < <(
      "$JAVA" -cp "$app/lib/main/*" bench/RoutingBench.java "jdbc:postgresql://127.0.0.1:$PG_PORT/$DB?currentSchema=$SCHEMA" \
        "127.0.0.1:$KAFKA_PORT" "$(IFS=,; echo "${urls[*]}")" "$API_KEY" "$WINDOW" "$HANDOFFS" "$WARMUP" "$(IFS=,; echo "${pids[*]}")" 2> "$WORK/driver.log" || echo "failed|$?"
    ) || true
    load_end=$(cut -d' ' -f1 /proc/loadavg)
    # the agent choice alone, as PostgreSQL plans and runs the statement of this jar (the free-agent index if it has one)
    if [[ $(psql_ "select count(*) from information_schema.columns where table_schema = '$SCHEMA' and table_name = 'team_member' and column_name = 'free_rank'") == 1 ]]; then
      choice="select a.id from team_member m join agent a on a.id = m.agent_id
        where m.team_id = 'team_bench' and m.free_rank is not null and a.tenant_id = 'tnt_bench'
          and a.status = 'ACCEPTING_CHATS' and a.active_chats < a.max_chats_count
        order by m.free_rank, m.last_assigned_at nulls first, m.agent_id limit 1 for update of a skip locked"
    else
      choice="select a.id from team_member m join agent a on a.id = m.agent_id
        where m.team_id = 'team_bench' and a.tenant_id = 'tnt_bench' and a.status = 'ACCEPTING_CHATS'
          and a.active_chats < a.max_chats_count and coalesce(m.priority, a.default_group_priority) <> 'SUPERVISOR'
        order by case coalesce(m.priority, a.default_group_priority) when 'FIRST' then 0 when 'NORMAL' then 1 else 2 end,
                 m.last_assigned_at nulls first, a.id limit 1 for update of a skip locked"
    fi
    sql_ms=$(psql_ "begin; explain (analyze, format json) $choice; rollback;" | sed -nE 's/.*"Execution Time": ([0-9.]+).*/\1/p' | head -1)
    if [[ $rate == failed ]]; then
      echo "run $build, $agents agents × $replicas replicas failed:"; cat "$WORK/driver.log"; status=1
    else
      printf '%-9s %-7s %-9s %-8s %-12s %-9s %-16s %-12s %-16s %-14s %-16s %s\n' "$build" "$agents" "$replicas" "$WAITING" "$rate" "$per" \
        "$cpu / $dbcpu" "${sql_ms:-?} ms" "$h50/$h99 ms" "$f50/$f99 ms" "$over/$mismatch/$twice/$missing" "$load_start→$load_end"
      echo "        ($hn handoffs, $fn freed slots, $lost handoffs unassigned or resumes refused)"
      grep -E '^(handoff split|autovacuum off)' "$WORK/driver.log" | sed 's/^/        /' || true
      [[ "$over$mismatch$twice$missing" == 0000 ]] || { echo "  !! guarantees broken: over capacity/active_chats mismatch/assigned twice/event missing"; status=3; }
    fi
    for ((r = 0; r < replicas; r++)); do kill "${PIDS[-1]}" 2>/dev/null || true; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; done
   done
  done
done
echo "violations = agents over capacity / active_chats ≠ assigned transfers / transfers assigned twice / assigned without event"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
psql -h 127.0.0.1 -p "$PG_PORT" -U parley -d "$DB" -qc "set client_min_messages = warning; drop schema if exists $SCHEMA cascade;"
exit $status
