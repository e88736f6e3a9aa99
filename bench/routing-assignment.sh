#!/usr/bin/env bash
# Assignment decisions per second of one routing-service replica (the packaged jar), with 100,000 transfers
# waiting in one round-robin team and 100, 1,000 and 10,000 agents in it. Each decision is the production path:
# lock the queue head, choose and lock the best agent (priority, free slot, least recently assigned), take its
# slot, assign, write transfer.assigned to the outbox (relayed to Kafka), in its own transaction.
#
# Needs: the infrastructure of ./parley up (PostgreSQL, Kafka, Keycloak, Redis) and a built jar
# (./mvnw -pl routing-service -am package -DskipTests). Works in schema routing_bench of parley_routing.
# AGENTS="100 1000 10000" WAITING=100000 WINDOW=20 bench/routing-assignment.sh
set -euo pipefail
cd "$(dirname "$0")/.."
AGENTS=${AGENTS:-"100 1000 10000"}
WAITING=${WAITING:-100000}
WINDOW=${WINDOW:-20}          # seconds measured, after a 5 s warm-up
PORT=${PORT:-19183}
DB=${DB:-parley_routing}
SCHEMA=routing_bench
JAR=routing-service/target/quarkus-app/quarkus-run.jar
if [[ -z ${JAVA:-} ]]; then
  for jdk in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
    [[ -n $jdk && -x $jdk/bin/java ]] && { JAVA=$jdk/bin/java; break; }
  done
fi
JAVA=${JAVA:-java}
[[ -f $JAR ]] || { echo "build first: ./mvnw -pl routing-service -am package -DskipTests" >&2; exit 1; }
psql_() { psql -h 127.0.0.1 -U parley -d "$DB" -v ON_ERROR_STOP=1 -qtA -c "set search_path=$SCHEMA; $1"; }

printf '%-8s %-9s %-14s %-16s %-12s\n' agents waiting "decisions/s" "ms per decision" "p(agent sql)"
for agents in $AGENTS; do
  psql -h 127.0.0.1 -U parley -d "$DB" -qc "set client_min_messages = warning; drop schema if exists $SCHEMA cascade; create schema $SCHEMA;"
  # enough slots that the window never runs out of free agents
  max=$(( (WAITING + agents - 1) / agents ))
  log=$(mktemp /tmp/routing-bench.XXXX.log)
  PARLEY_HTTP_PORT=$PORT PARLEY_SECRETS_KEY=ZGV2LW9ubHktZGV2LW9ubHktZGV2LW9ubHktZGV2LTE= \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB?currentSchema=$SCHEMA" \
  QUARKUS_FLYWAY_DEFAULT_SCHEMA=$SCHEMA PARLEY_ROUTING_REASSESS_EVERY=1s \
  MP_MESSAGING_INCOMING_API_KEYS_GROUP_ID=routing-bench MP_MESSAGING_INCOMING_HANDOFFS_GROUP_ID=routing-bench \
  MP_MESSAGING_INCOMING_HANDOFFS_AUTO_OFFSET_RESET=latest MP_MESSAGING_INCOMING_WEBHOOK_EVENTS_GROUP_ID=routing-bench \
    "$JAVA" -Xmx512m -jar "$JAR" > "$log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  until curl -sf -m 2 -o /dev/null "http://127.0.0.1:$PORT/q/health/ready"; do
    kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }; sleep 0.5
  done
  psql_ "
    insert into team (id, tenant_id, name, strategy, created_at, updated_at)
      values ('team_bench', 'tnt_bench', 'Bench', 'ROUND_ROBIN', now(), now());
    insert into agent (id, tenant_id, type, owner_id, name, status, max_chats_count, default_group_priority, created_at, updated_at)
      select 'agt_bench_' || g, 'tnt_bench', 'HUMAN', 'bench', 'Agent ' || g, 'OFFLINE', $max,
             (array['FIRST', 'NORMAL', 'LAST'])[1 + g % 3], now(), now() from generate_series(1, $agents) g;
    insert into team_member (team_id, agent_id, tenant_id, created_at)
      select 'team_bench', 'agt_bench_' || g, 'tnt_bench', now() from generate_series(1, $agents) g;
    insert into transfer (id, tenant_id, conversation_id, team_id, status, source, created_at, updated_at)
      select 'tr_bench_' || g, 'tnt_bench', 'conv_bench_' || g, 'team_bench', 'WAITING', 'api',
             now() - ($WAITING - g) * interval '1 millisecond', now() from generate_series(1, $WAITING) g;
    analyze transfer; analyze agent; analyze team_member;"
  # agents come online: the replica's reassessment starts assigning, oldest first
  psql_ "update agent set status = 'ACCEPTING_CHATS' where tenant_id = 'tnt_bench';"
  sleep 5
  start=$(psql_ "select count(*) from transfer where status = 'ASSIGNED';")
  sleep "$WINDOW"
  end=$(psql_ "select count(*) from transfer where status = 'ASSIGNED';")
  # the agent choice alone, as PostgreSQL plans and runs it with this many agents
  sql_ms=$(psql_ "explain (analyze, format json)
      select a.id from team_member m join agent a on a.id = m.agent_id
      where m.team_id = 'team_bench' and a.tenant_id = 'tnt_bench' and a.status = 'ACCEPTING_CHATS'
        and a.active_chats < a.max_chats_count and coalesce(m.priority, a.default_group_priority) <> 'SUPERVISOR'
      order by case coalesce(m.priority, a.default_group_priority) when 'FIRST' then 0 when 'NORMAL' then 1 else 2 end,
               m.last_assigned_at nulls first, a.id
      limit 1 for update of a skip locked;" | sed -nE 's/.*"Execution Time": ([0-9.]+).*/\1/p' | head -1)
  rate=$(( (end - start) / WINDOW ))
  per=$(awk -v r="$rate" 'BEGIN { if (r > 0) printf "%.2f", 1000 / r; else printf "-" }')
  printf '%-8s %-9s %-14s %-16s %-12s\n' "$agents" "$WAITING" "$rate" "$per" "${sql_ms:-?} ms"
  over=$(psql_ "select count(*) from agent where active_chats > max_chats_count;")
  [[ $over == 0 ]] || echo "  !! $over agents over capacity"
  kill $pid; wait $pid 2>/dev/null || true
  trap - EXIT
  rm -f "$log"
done
psql -h 127.0.0.1 -U parley -d "$DB" -qc "set client_min_messages = warning; drop schema if exists $SCHEMA cascade;"
