import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The measuring half of bench/routing-assignment.sh, against replicas already started on a private database and a
 * private Kafka broker, with the data the script loaded: team_bench (the backlog: its agents offline, 100,000
 * transfers waiting), team_live (1,000 agents accepting chats with free slots, nothing waiting) and team_full
 * (agents with one slot each, all taken, a queue waiting behind them).
 *
 * <ol>
 * <li>The backlog's agents come online; after a warm-up, decisions are counted in the database over the window.</li>
 * <li>Meanwhile handoff.requested events for team_live go to Kafka at a steady rate; each one's latency is from
 * the send to the moment its transfer.assigned is read back from Kafka.</li>
 * <li>Meanwhile an agent of team_full closes a chat through the API every 250 ms; the fill latency is from the
 * transfer's resumed_at to the next assignment of that agent (both database clock).</li>
 * <li>All along and at the end: agents over capacity, active_chats against assigned transfers, transfers with
 * more than one transfer.assigned, assigned transfers without their event.</li>
 * </ol>
 * Prints one line of results; exits 3 when a guarantee was broken.
 */
public class RoutingBench {

    static final String TENANT = "tnt_bench";
    static final Pattern TRANSFER_ID = Pattern.compile("\"transferId\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String jdbc = args[0];
        String kafka = args[1];
        List<String> replicas = List.of(args[2].split(","));
        String apiKey = args[3];
        int window = Integer.parseInt(args[4]);
        int handoffRate = Integer.parseInt(args[5]);
        int warmUpSeconds = args.length > 6 ? Integer.parseInt(args[6]) : 5;
        List<String> replicaPids = args.length > 7 ? List.of(args[7].split(",")) : List.of();

        Properties db = new Properties();
        db.setProperty("user", "parley");
        db.setProperty("password", "parley");
        try (Connection sql = DriverManager.getConnection(jdbc, db);
                KafkaConsumer<String, String> consumer = consumer(kafka);
                KafkaProducer<String, String> producer = producer(kafka)) {
            sql.setAutoCommit(true);
            Events events = new Events(consumer);
            Thread reader = Thread.ofPlatform().daemon().start(events::run);

            // the replicas' handoff consumers are up once a handoff comes back assigned
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            String canary;
            do {
                canary = handoff(producer, "team_live", events);
                Thread.sleep(1000);
            } while (!events.assignedAt.containsKey(canary) && System.nanoTime() < deadline);
            if (!events.assignedAt.containsKey(canary)) {
                throw new IllegalStateException("no handoff was assigned within 300 s: are the replicas consuming?");
            }
            for (int i = 0; i < 20; i++) { // warm the handoff path
                handoff(producer, "team_live", events);
                Thread.sleep(50);
            }
            events.sent.clear();
            events.sentWall.clear();

            update(sql, "update agent set status = 'ACCEPTING_CHATS' where tenant_id = '" + TENANT + "' and (id like 'agt_b_%' or id like 'agt_f_%')");
            AtomicBoolean measuring = new AtomicBoolean(true);
            AtomicInteger overCapacity = new AtomicInteger();
            AtomicLong samples = new AtomicLong();
            Thread watcher = Thread.ofPlatform().daemon().start(() -> watch(jdbc, db, measuring, overCapacity, samples));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            // the warm-up closes chats (every 250 ms) and hands off (at the window's rate) too, so that the window's
            // fills and handoffs do not pay for their paths' first calls, nor for the JIT compiling them while the
            // backlog drains; only resumes and handoffs sent in the window are measured
            java.util.Set<String> asked = new java.util.HashSet<>();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> resumes = new ArrayList<>();
            long warmUp = System.nanoTime();
            Thread warmUpHandoffs = steadyHandoffs(producer, events, handoffRate, warmUp, warmUpSeconds);
            for (long next = warmUp; System.nanoTime() - warmUp < warmUpSeconds * 1_000_000_000L; next += 250_000_000L) {
                resumeOne(sql, http, replicas, apiKey, asked, resumes);
                sleepUntil(next + 250_000_000L);
            }
            warmUpHandoffs.join();
            if (!autovacuumOn(sql)) {
                long vacuumStart = System.nanoTime();
                update(sql, "vacuum (analyze)");
                System.err.printf("autovacuum off: the warm-up's dead rows vacuumed and the schema analyzed before the window (%.1f s)%n",
                        (System.nanoTime() - vacuumStart) / 1e9);
            }
            events.sent.clear();
            events.sentWall.clear();
            java.util.Set<String> warmUpResumes = new java.util.HashSet<>(asked);
            long start = count(sql, "select count(*) from transfer where team_id = 'team_bench' and status = 'ASSIGNED'");
            long cpuStart = cpuTicks(replicaPids);
            Map<String, Long> dbStart = backendTicks(sql);
            long t0 = System.nanoTime();
            Thread handoffs = steadyHandoffs(producer, events, handoffRate, t0, window);
            long nextResume = System.nanoTime();
            while (System.nanoTime() - t0 < window * 1_000_000_000L) {
                resumeOne(sql, http, replicas, apiKey, asked, resumes);
                nextResume += 250_000_000L;
                sleepUntil(nextResume);
            }
            long end = count(sql, "select count(*) from transfer where team_id = 'team_bench' and status = 'ASSIGNED'");
            long cpuEnd = cpuTicks(replicaPids);
            Map<String, Long> dbEnd = backendTicks(sql);
            double seconds = (System.nanoTime() - t0) / 1e9;
            handoffs.join();
            int failedResumes = 0;
            for (var resume : resumes) {
                try {
                    if (resume.get(35, java.util.concurrent.TimeUnit.SECONDS).statusCode() != 200) {
                        failedResumes++;
                    }
                } catch (Exception e) {
                    failedResumes++;
                }
            }
            // the backlog stops, so that what was assigned can be compared with what reached Kafka
            update(sql, "update agent set status = 'OFFLINE' where tenant_id = '" + TENANT + "' and id like 'agt_b_%'");
            Thread.sleep(3000); // the last handoffs and fills, the batches under way
            measuring.set(false);
            watcher.join();
            long settle = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count(sql, "select count(*) from outbox_event") > 0 && System.nanoTime() < settle) {
                Thread.sleep(500);
            }
            Thread.sleep(2000);
            events.stop.set(true);
            reader.join();
            long assignedEver = count(sql, "select count(*) from transfer where assigned_at is not null");

            handoffSplit(sql, events);
            List<Double> handoffMs = new ArrayList<>();
            int unassigned = 0;
            for (Map.Entry<String, Long> sent : events.sent.entrySet()) {
                Long at = events.assignedAt.get(sent.getKey());
                if (at == null) {
                    unassigned++;
                } else {
                    handoffMs.add((at - sent.getValue()) / 1e6);
                }
            }
            List<Double> fillMs = new ArrayList<>();
            try (Statement statement = sql.createStatement();
                    ResultSet rows = statement.executeQuery("""
                            select extract(epoch from (select min(n.assigned_at) from transfer n
                                                       where n.agent_id = r.agent_id and n.assigned_at >= r.resumed_at)
                                                   - r.resumed_at) * 1000, r.id
                            from transfer r where r.team_id = 'team_full' and r.status = 'RESUMED'""")) {
                while (rows.next()) {
                    if (warmUpResumes.contains(rows.getString(2))) {
                        continue;
                    }
                    double ms = rows.getDouble(1);
                    fillMs.add(rows.wasNull() ? Double.POSITIVE_INFINITY : ms);
                }
            }
            long mismatched = count(sql, """
                    select count(*) from agent a where a.active_chats <> (select count(*) from transfer t
                        where t.agent_id = a.id and t.status = 'ASSIGNED')""");
            long overNow = count(sql, "select count(*) from agent where active_chats > max_chats_count");
            long twice = events.assignedCount.values().stream().filter(n -> n > 1).count();
            long missingEvents = Math.max(0, assignedEver - events.assignedCount.size());

            double rate = (end - start) / seconds;
            // clock ticks of 10 ms (Linux's USER_HZ); the window's handoffs and resumes are a few hundred of its decisions
            double cpuPerDecision = end > start ? (cpuEnd - cpuStart) * 10.0 / (end - start) : 0;
            long dbTicks = dbEnd.entrySet().stream().mapToLong(b -> b.getValue() - dbStart.getOrDefault(b.getKey(), 0L)).sum();
            double dbPerDecision = end > start ? dbTicks * 10.0 / (end - start) : 0;
            System.out.printf("%.0f|%.2f|%.3f|%.3f|%s|%s|%d|%s|%s|%d|%d|%d|%d|%d|%d%n", rate, rate > 0 ? 1000 / rate : 0,
                    cpuPerDecision, dbPerDecision,
                    percentile(handoffMs, 50), percentile(handoffMs, 99), handoffMs.size(),
                    percentile(fillMs, 50), percentile(fillMs, 99), fillMs.size(),
                    overCapacity.get() + overNow, mismatched, twice, missingEvents, unassigned + failedResumes);
            if (overCapacity.get() + overNow + mismatched + twice + missingEvents > 0) {
                System.exit(3);
            }
        }
    }

    /** What the consumer of parley.routing saw: when each conversation's transfer was assigned, and how often. */
    static final class Events {
        final KafkaConsumer<String, String> consumer;
        final Map<String, Long> sent = new ConcurrentHashMap<>();
        final Map<String, Long> assignedAt = new ConcurrentHashMap<>();
        /** Wall-clock microseconds, to place the database's timestamps between a handoff's send and its event's read. */
        final Map<String, Long> sentWall = new ConcurrentHashMap<>();
        final Map<String, Long> readWall = new ConcurrentHashMap<>();
        /** The relay's send (the record's CreateTime, wall-clock milliseconds). */
        final Map<String, Long> relayedWall = new ConcurrentHashMap<>();
        final Map<String, Integer> assignedCount = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();

        Events(KafkaConsumer<String, String> consumer) {
            this.consumer = consumer;
        }

        void run() {
            while (!stop.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    Header type = record.headers().lastHeader("ce_type");
                    if (type == null || !"transfer.assigned".equals(new String(type.value(), StandardCharsets.UTF_8))) {
                        continue;
                    }
                    if (record.key() != null) {
                        assignedAt.putIfAbsent(record.key(), now);
                        readWall.putIfAbsent(record.key(), wallMicros());
                        relayedWall.putIfAbsent(record.key(), record.timestamp() * 1_000);
                    }
                    Matcher id = TRANSFER_ID.matcher(record.value());
                    if (id.find()) {
                        assignedCount.merge(id.group(1), 1, Integer::sum);
                    }
                }
            }
        }
    }

    static String handoff(KafkaProducer<String, String> producer, String team, Events events) {
        String conversation = "conv_live_" + UUID.randomUUID();
        String body = "{\"tenantId\":\"" + TENANT + "\",\"conversationId\":\"" + conversation + "\",\"contactId\":\"ct_"
                + conversation + "\",\"teamId\":\"" + team + "\",\"reason\":\"customer_request\"}";
        ProducerRecord<String, String> record = new ProducerRecord<>("parley.conversations", conversation, body);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", "evt_" + UUID.randomUUID());
        header(record, "ce_source", "/parley/routing-bench");
        header(record, "ce_type", "handoff.requested");
        header(record, "ce_tenantid", TENANT);
        header(record, "content-type", "application/json");
        events.sent.put(conversation, System.nanoTime());
        events.sentWall.put(conversation, wallMicros());
        producer.send(record);
        producer.flush();
        return conversation;
    }

    /**
     * Whether the server vacuums by itself, as PostgreSQL does unless told not to. Where it does not (the development
     * machines here run with {@code autovacuum = off}), the window would walk the warm-up's tens of thousands of dead
     * transfer, agent and membership rows and their index entries, which a deployed database's autovacuum removes.
     */
    static boolean autovacuumOn(Connection sql) throws Exception {
        return "on".equals(string(sql, "show autovacuum"));
    }

    /**
     * The CPU time the replicas have used so far (user and system, in clock ticks, threads that ended included): what a
     * decision costs them, read beside the rate (it still moves with the machine's speed).
     */
    static long cpuTicks(List<String> pids) {
        return pids.stream().mapToLong(RoutingBench::cpuTicks).sum();
    }

    /** One process's CPU time so far (user and system, clock ticks); 0 when it is gone or not readable. */
    static long cpuTicks(String pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            // the fields after the command name (in parentheses, which may hold spaces): state first, utime the 12th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The CPU time so far of each PostgreSQL backend serving this database (the replicas' pooled connections and the
     * bench's own), by process id: the database's share of a decision, where PostgreSQL runs on this machine.
     */
    static Map<String, Long> backendTicks(Connection sql) throws Exception {
        Map<String, Long> ticks = new java.util.HashMap<>();
        try (Statement statement = sql.createStatement(); ResultSet rows = statement.executeQuery(
                "select pid from pg_stat_activity where datname = current_database()")) {
            while (rows.next()) {
                ticks.put(rows.getString(1), cpuTicks(rows.getString(1)));
            }
        }
        return ticks;
    }

    static void watch(String jdbc, Properties db, AtomicBoolean measuring, AtomicInteger overCapacity, AtomicLong samples) {
        try (Connection sql = DriverManager.getConnection(jdbc, db)) {
            while (measuring.get()) {
                overCapacity.accumulateAndGet((int) count(sql, "select count(*) from agent where active_chats > max_chats_count"),
                        Math::max);
                samples.incrementAndGet();
                Thread.sleep(250);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An agent of team_full closes one of its chats through the API (a replica in turn), without waiting for the answer:
     * a replica that reassesses in the request thread must not slow the rate of freed slots down.
     */
    static void resumeOne(Connection sql, HttpClient http, List<String> replicas, String apiKey, java.util.Set<String> asked,
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> resumes) throws Exception {
        String transfer = string(sql, "select id from transfer where team_id = 'team_full' and status = 'ASSIGNED' "
                + "order by random() limit 1");
        if (transfer != null && asked.add(transfer)) {
            String replica = replicas.get(asked.size() % replicas.size());
            resumes.add(http.sendAsync(HttpRequest.newBuilder(URI.create(replica + "/v1/transfers/" + transfer + "/resume"))
                    .header("Authorization", "Bearer " + apiKey).PUT(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    static KafkaConsumer<String, String> consumer(String kafka) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        props.put("enable.auto.commit", "false");
        props.put("fetch.max.wait.ms", "10");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor("parley.routing").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    static KafkaProducer<String, String> producer(String kafka) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        props.put("linger.ms", "0");
        props.put("acks", "all");
        return new KafkaProducer<>(props);
    }

    static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    static long wallMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** handoff.requested into team_live at {@code rate} a second, from {@code from} for {@code seconds}. */
    static Thread steadyHandoffs(KafkaProducer<String, String> producer, Events events, int rate, long from,
            int seconds) {
        return Thread.ofPlatform().start(() -> {
            long every = 1_000_000_000L / rate;
            long next = from;
            while (System.nanoTime() - from < seconds * 1_000_000_000L) {
                handoff(producer, "team_live", events);
                next += every;
                sleepUntil(next);
            }
        });
    }

    /**
     * Where the handoffs' time went, from the transfer rows' timestamps (clock_timestamp() of the statements that
     * inserted and assigned them): sent → row inserted (Kafka, the consumer, its group commit), inserted → assigned
     * (the same transaction), assigned → relay sent (the commit, the outbox relay; the record's CreateTime), relay
     * sent → event read (Kafka, this reader). To stderr.
     */
    static void handoffSplit(Connection sql, Events events) throws Exception {
        List<Double> toRow = new ArrayList<>();
        List<Double> toAssigned = new ArrayList<>();
        List<Double> toRelayed = new ArrayList<>();
        List<Double> toRead = new ArrayList<>();
        List<Double> toPublished = new ArrayList<>();
        try (Statement statement = sql.createStatement();
                ResultSet rows = statement.executeQuery("""
                        select conversation_id, (extract(epoch from created_at) * 1000000)::bigint,
                               (extract(epoch from assigned_at) * 1000000)::bigint
                        from transfer where team_id = 'team_live' and assigned_at is not null""")) {
            while (rows.next()) {
                Long sent = events.sentWall.get(rows.getString(1));
                Long read = events.readWall.get(rows.getString(1));
                Long relayed = events.relayedWall.get(rows.getString(1));
                if (sent == null || read == null || relayed == null) {
                    continue;
                }
                toRow.add((rows.getLong(2) - sent) / 1e3);
                toAssigned.add((rows.getLong(3) - rows.getLong(2)) / 1e3);
                toRelayed.add((relayed - rows.getLong(3)) / 1e3);
                toRead.add((read - relayed) / 1e3);
                toPublished.add((relayed - sent) / 1e3);
            }
        }
        System.err.printf("handoff split p50/p99 ms (%d): sent → transfer row %s/%s, row → assigned %s/%s, assigned → relay sent %s/%s, relay sent → event read %s/%s; sent → published (relay sent) %s/%s%n",
                toRow.size(), percentile(toRow, 50), percentile(toRow, 99), percentile(toAssigned, 50),
                percentile(toAssigned, 99), percentile(toRelayed, 50), percentile(toRelayed, 99), percentile(toRead, 50),
                percentile(toRead, 99), percentile(toPublished, 50), percentile(toPublished, 99));
    }

    static String percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double value = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        return Double.isInfinite(value) ? "never" : String.format("%.0f", value);
    }

    static long count(Connection sql, String query) throws Exception {
        try (Statement statement = sql.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static String string(Connection sql, String query) throws Exception {
        try (Statement statement = sql.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    static void update(Connection sql, String statement) throws Exception {
        try (Statement s = sql.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
