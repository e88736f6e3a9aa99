import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Inbound message to bot reply delivered, on the keyword path, on both channels that matter: a webhook channel
 * (signed message in, reply POSTed to the channel's URL, a receiver in this process) and webchat (a visitor posts
 * and receives the reply on its server-sent event stream). Virtual customers each send a message and wait for its
 * reply before the next (closed loop), flat out or paced to a total rate ({@link Load}). Reports sustained messages
 * per second, latency percentiles, the inbound HTTP answer's p50/p99, the service's RSS and the machine's load
 * average, and, in the same run, the raw round trip the service builds on: a PostgreSQL insert + commit followed by a
 * Kafka produce (acks=all) consumed back.
 * <p>
 * Everything it writes goes to its own database and to topics under its own prefix (the service is started with
 * {@code parley.kafka.prefix}), never onto those of a platform running beside it.
 * Run through bench/conversation-throughput.sh, which starts conversation-service for it.
 */
public class ConversationBench {

    static final String SECRET = "bench-secret";
    /** Linux's USER_HZ, the unit of CPU times in /proc. */
    static final int CLOCK_TICKS = 100;

    /** How long the idle service is watched before each measured scenario, to leave its own background out. */
    static final long IDLE_MS = 4_000;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("create-topics")) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[1]))) {
                admin.createTopics(java.util.Arrays.stream(args).skip(2).map(t -> new NewTopic(t, 3, (short) 1)).toList())
                        .all().get();
            }
            return;
        }
        if (args[0].equals("drop-topics")) {
            dropTopics(args[1], args[2]);
            return;
        }
        String service = args[0];
        String kafka = args[1];
        String jdbc = args[2];
        String cipherKey = args[3];
        List<Load> customers = java.util.Arrays.stream(args[4].split(",")).map(Load::parse).toList();
        int seconds = Integer.parseInt(args[5]);
        int warmup = Integer.parseInt(args[6]);
        String prefix = args[7];
        long pid = Long.parseLong(args[8]);
        String label = args[9];

        // the channel's URL: replies arrive here
        ConcurrentHashMap<String, LinkedBlockingQueue<Long>> waiting = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        Pattern to = Pattern.compile("\"to\":\\{\"id\":\"([^\"]+)\"");
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long now = System.nanoTime();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            Matcher m = to.matcher(body);
            if (m.find()) {
                LinkedBlockingQueue<Long> q = waiting.get(m.group(1));
                if (q != null) {
                    q.offer(now);
                }
            }
        });
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.start();
        String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";

        String botId = "bot_bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String channelId = "ch_bench" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String webchatId = "ch_benchchat" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String credentials = encrypt(cipherKey, "{\"secret\":\"" + SECRET + "\"}");
        String snapshot = """
                {"id":"%s","tenantId":"tnt_acme","version":1,"name":"Bench","status":"active","type":"internal",
                 "provider":"none","public":false,"webhookEnabled":false,
                 "behaviors":{"greeting":{"enabled":false}},
                 "keywordRules":[{"id":"kw_1","name":"hours","keywords":["hours"],"matchType":"contains",
                   "response":{"type":"text","text":"We are open 9 to 5."},"priority":1,"enabled":true}],
                 "channels":[{"id":"%s","type":"webhook","name":"bench","status":"connected",
                   "settings":{},"webhook":{"outboundUrl":"%s"},"credentials":"%s"},
                   {"id":"%s","type":"webchat","name":"bench-chat","status":"connected","settings":{}}]}"""
                .formatted(botId, channelId, hookUrl, credentials, webchatId);
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", kafka);
        producerProps.put("linger.ms", "0");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            // the bench service reads its bots from its own, prefixed topic
            ProducerRecord<String, String> record = new ProducerRecord<>(prefix + "parley.bot-config", botId, snapshot);
            Map.of("ce_specversion", "1.0", "ce_id", "evt_" + UUID.randomUUID(), "ce_source", "/parley/bench",
                    "ce_type", "bot.updated", "ce_tenantid", "tnt_acme", "content-type", "application/json")
                    .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4)).build();
        // wait until the service knows the channel (a signed probe answered 202)
        long deadline = System.currentTimeMillis() + 60_000;
        while (send(http, service, channelId, "probe", "warm-" + UUID.randomUUID(), "hello") != 202) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the service never learned the bench channel");
            }
            Thread.sleep(200);
        }

        boolean autovacuum = autovacuumOn(jdbc);
        System.out.printf("== %s: %s, customers %s, warm-up %d s, measured %d s per scenario, load average %s, autovacuum %s%n",
                label, service, customers, warmup, seconds, loadAverage(),
                autovacuum ? "on" : "off (the bench vacuums and analyzes its database before each scenario)");
        System.out.printf("%-8s %-9s %5s %11s %9s %9s %9s %9s %10s %10s %8s %9s %7s %9s %10s %s%n", "run", "channel", "cust",
                "msg/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "202 p50", "202 p99", "lost/err", "RSS MiB", "tx/msg",
                "waits/msg", "cpu ms/msg", "load");
        for (Load load : customers) {
            int users = load.customers();
            for (String channel : List.of("webhook", "webchat")) {
                if (!autovacuum) {
                    vacuum(jdbc);
                }
                run(http, service, channel, channel.equals("webhook") ? channelId : webchatId, waiting, load, warmup, false);
                // what the idle service costs meanwhile (heartbeat, sweeps, Kafka consumers' polls) is left out
                long[] idleFrom = costs(jdbc, pid);
                Thread.sleep(IDLE_MS);
                long[] before = costs(jdbc, pid);
                Measured r = run(http, service, channel, channel.equals("webhook") ? channelId : webchatId, waiting, load,
                        seconds, true);
                long[] after = costs(jdbc, pid);
                double messages = Math.max(1, r.replies.count);
                double idleShare = seconds * 1000.0 / IDLE_MS;
                for (int i = 0; i < after.length; i++) {
                    after[i] -= Math.round((before[i] - idleFrom[i]) * idleShare);
                }
                System.out.printf("%-8s %-9s %5s %11.0f %9.1f %9.1f %9.1f %9.1f %10.1f %10.1f %8s %9d %7.2f %9.1f %10.2f %s%n", label,
                        channel, load, r.replies.count / (double) seconds, r.replies.p(50), r.replies.p(90), r.replies.p(99),
                        r.replies.p(100), r.accepted.p(50), r.accepted.p(99), r.replies.timeouts + "/" + r.accepted.timeouts, rssMiB(pid),
                        (after[0] - before[0]) / messages, (after[1] - before[1]) / messages,
                        (after[2] - before[2]) * 1000.0 / CLOCK_TICKS / messages, loadAverage());
            }
            if (load.paced()) {
                continue; // the raw round trip is measured flat out, beside the service's own flat-out cells
            }
            if (!autovacuum) {
                vacuum(jdbc);
            }
            Result raw = roundTrip(kafka, jdbc, prefix, users, seconds);
            System.out.printf("%-8s %-9s %5d %11.0f %9.1f %9.1f %9.1f %9.1f %10s %10s %8s %9s %7s %9s %10s %s%n", label,
                    "raw PG+Kafka", users, raw.count / (double) seconds, raw.p(50), raw.p(90), raw.p(99), raw.p(100), "", "",
                    "", "", "", "", "", loadAverage());
        }
        receiver.stop(0);
        System.exit(0);
    }

    record Measured(Result replies, Result accepted) {
    }

    /**
     * A scenario's load: {@code customers} closed loop, each sending its next message once its reply arrived, flat out
     * ({@code 64}), or paced so that all of them together offer {@code rate} messages a second ({@code 64@1000}): each
     * customer's messages are then due at fixed intervals, sent when due or, when the reply before came late, at once,
     * and every latency is counted from when its message was due, so a stall delays all the messages due during it
     * in the figures as it would a channel's (no coordinated omission).
     */
    record Load(int customers, int rate) {

        static Load parse(String text) {
            String[] parts = text.split("@");
            return new Load(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        }

        boolean paced() {
            return rate > 0;
        }

        /** Nanoseconds between one customer's messages when paced. */
        long intervalNanos() {
            return Math.round(customers * 1e9 / rate);
        }

        @Override
        public String toString() {
            return paced() ? customers + "@" + rate : String.valueOf(customers);
        }
    }

    /**
     * Whether the server vacuums and analyzes by itself, as PostgreSQL does unless told not to. Where it does not (the
     * development machines here run with {@code autovacuum = off}), a scenario would inherit every dead row and index
     * entry of the ones before it and plan on tables never analyzed (the decision's read of waiting messages became a
     * sequential scan of the message table, 25 ms, after a minute of load), so later scenarios measured the missing
     * maintenance rather than the service.
     */
    static boolean autovacuumOn(String jdbc) throws java.sql.SQLException {
        try (Connection db = DriverManager.getConnection(jdbc, "parley", "parley");
                var rows = db.createStatement().executeQuery("show autovacuum")) {
            return rows.next() && rows.getString(1).equals("on");
        }
    }

    /** What autovacuum would have done by now, on this bench's own database only. */
    static void vacuum(String jdbc) throws java.sql.SQLException {
        try (Connection db = DriverManager.getConnection(jdbc, "parley", "parley")) {
            db.createStatement().execute("vacuum (analyze)");
        }
    }

    static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * What the service has cost so far, independent of how loaded the machine is: transactions committed or rolled
     * back in its database (PostgreSQL's statistics, which a backend reports at most once a second: about right over
     * a scenario of many seconds), and how often its threads waited (voluntary context switches of all its threads:
     * each database or HTTP round trip and each hand-off from one thread to another is one or more), and the CPU time
     * the service used (user and system, in clock ticks, threads that ended included).
     */
    static long[] costs(String jdbc, long pid) {
        long transactions = 0;
        try (Connection db = DriverManager.getConnection(jdbc, "parley", "parley")) {
            try (var rows = db.createStatement().executeQuery(
                    "select xact_commit + xact_rollback from pg_stat_database where datname = current_database()")) {
                transactions = rows.next() ? rows.getLong(1) : 0;
            }
        } catch (java.sql.SQLException e) {
            // no figure
        }
        long waits = 0;
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/" + pid + "/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                try {
                    for (String line : java.nio.file.Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            waits += Long.parseLong(line.replaceAll("[^0-9]", ""));
                        }
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the service is gone
        }
        long cpu = 0;
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            // the fields after the command name (in parentheses, which may hold spaces): state is the first, utime the 12th
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            // no figure
        }
        return new long[] {transactions, waits, cpu};
    }

    static long rssMiB(long pid) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            // the service is gone
        }
        return -1;
    }

    /** Deletes the topics of one bench run (all under its prefix). */
    static void dropTopics(String kafka, String prefix) throws Exception {
        if (!prefix.startsWith("bench-")) {
            throw new IllegalArgumentException("refusing to delete topics under " + prefix);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            List<String> ours = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix)).toList();
            admin.deleteTopics(ours).all().get();
        }
    }


    record Result(List<Double> latenciesMs, long count, long timeouts) {
        double p(int percentile) {
            if (latenciesMs.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            int i = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
        }
    }

    /** One closed-loop scenario: each customer sends, waits for the reply, sends the next (when due, if paced). */
    static Measured run(HttpClient http, String service, String channel, String channelId,
            ConcurrentHashMap<String, LinkedBlockingQueue<Long>> waiting, Load load, int seconds, boolean measure)
            throws InterruptedException {
        int users = load.customers();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Double> accepted = Collections.synchronizedList(new ArrayList<>());
        long[] timeouts = new long[2];
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(users);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<java.io.InputStream> streams = Collections.synchronizedList(new ArrayList<>());
        String round = UUID.randomUUID().toString().substring(0, 8);
        for (int u = 0; u < users; u++) {
            String customer = "cust-" + round + "-" + u;
            LinkedBlockingQueue<Long> replies = new LinkedBlockingQueue<>();
            waiting.put(customer, replies);
            // paced customers start spread over one interval, not all at once
            long offset = load.paced() ? load.intervalNanos() * u / users : 0;
            pool.submit(() -> {
                int n = 0;
                try {
                    Visitor visitor = channel.equals("webchat") ? Visitor.open(http, service, channelId, replies, streams) : null;
                    long due = System.nanoTime() + offset;
                    while (running.get()) {
                        if (load.paced()) {
                            long early = due - System.nanoTime();
                            if (early > 0) {
                                TimeUnit.NANOSECONDS.sleep(early);
                            }
                        }
                        long start = load.paced() ? due : System.nanoTime();
                        due += load.intervalNanos();
                        int status = visitor == null
                                ? send(http, service, channelId, customer, customer + "-" + n++, "what are your hours?")
                                : visitor.say(http, service, "what are your hours?");
                        if (status != 202) {
                            // counted, and the customer goes on as a channel would (after a pause)
                            synchronized (timeouts) {
                                timeouts[1]++;
                            }
                            Thread.sleep(100);
                            continue;
                        }
                        if (measure) {
                            accepted.add((System.nanoTime() - start) / 1e6);
                        }
                        Long replied = replies.poll(10, TimeUnit.SECONDS);
                        if (replied == null) {
                            synchronized (timeouts) {
                                timeouts[0]++;
                            }
                            continue;
                        }
                        if (measure) {
                            latencies.add((replied - start) / 1e6);
                        }
                    }
                } catch (Exception e) {
                    System.err.println(customer + ": " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        done.await(30, TimeUnit.SECONDS);
        pool.shutdownNow();
        synchronized (streams) {
            for (java.io.InputStream s : streams) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
        return new Measured(new Result(new ArrayList<>(latencies), latencies.size(), timeouts[0]),
                new Result(new ArrayList<>(accepted), accepted.size(), timeouts[1]));
    }

    /** A webchat visitor: its session, and its event stream read by a virtual thread that notes each reply's arrival. */
    record Visitor(String session, String token) {

        static Visitor open(HttpClient http, String service, String channelId, LinkedBlockingQueue<Long> replies,
                List<java.io.InputStream> streams) throws Exception {
            HttpResponse<String> opened = http.send(HttpRequest.newBuilder(URI.create(service + "/v1/webchat/sessions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"channelId\":\"" + channelId + "\",\"name\":\"Bench\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (opened.statusCode() != 201) {
                throw new IllegalStateException("webchat session answered " + opened.statusCode() + " " + opened.body());
            }
            Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(opened.body());
            Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(opened.body());
            if (!id.find() || !token.find()) {
                throw new IllegalStateException("unexpected webchat session " + opened.body());
            }
            Visitor v = new Visitor(id.group(1), token.group(1));
            HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(
                            service + "/v1/webchat/sessions/" + v.session() + "/events?token=" + v.token()))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
            if (stream.statusCode() != 200) {
                throw new IllegalStateException("webchat events answered " + stream.statusCode());
            }
            streams.add(stream.body());
            CountDownLatch open = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                try (java.io.BufferedReader lines = new java.io.BufferedReader(
                        new java.io.InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    open.countDown();
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("data:") && line.contains("9 to 5")) {
                            replies.offer(System.nanoTime());
                        }
                    }
                } catch (IOException e) {
                    // stream closed at the end of the scenario
                }
            });
            open.await();
            Thread.sleep(300); // the hub registers the stream once the response has started
            return v;
        }

        int say(HttpClient http, String service, String text) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create(service + "/v1/webchat/sessions/" + session + "/messages"))
                                .header("Content-Type", "application/json").header("X-Webchat-Token", token)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            } catch (Exception e) {
                return -1;
            }
        }
    }

    static int send(HttpClient http, String service, String channelId, String from, String messageId, String text) {
        byte[] body = ("{\"messageId\":\"" + messageId + "\",\"from\":{\"id\":\"" + from + "\"},\"text\":\"" + text + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try {
            return http.send(HttpRequest.newBuilder(URI.create(service + "/v1/inbound/" + channelId))
                            .header("Content-Type", "application/json")
                            .header("X-Parley-Signature", "sha256=" + hmac(body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    static Result roundTrip(String kafka, String jdbc, String prefix, int workers, int seconds) throws Exception {
        String topic = prefix + "roundtrip." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        try (Connection setup = DriverManager.getConnection(jdbc, "parley", "parley")) {
            setup.createStatement().execute("create table if not exists bench_roundtrip (id text primary key, at timestamptz)");
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.put("linger.ms", "0");
        p.put("acks", "all");
        KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        Properties c = new Properties();
        c.put("bootstrap.servers", kafka);
        c.put("group.id", "bench-" + UUID.randomUUID());
        c.put("auto.offset.reset", "latest");
        c.put("fetch.max.wait.ms", "5");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        ConcurrentHashMap<String, LinkedBlockingQueue<Long>> waiting = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread poller = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
                    LinkedBlockingQueue<Long> q = waiting.get(r.key());
                    if (q != null) {
                        q.offer(System.nanoTime());
                    }
                }
            }
        });
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            String key = "w" + w;
            LinkedBlockingQueue<Long> q = new LinkedBlockingQueue<>();
            waiting.put(key, q);
            Thread.ofVirtual().start(() -> {
                try (Connection db = DriverManager.getConnection(jdbc, "parley", "parley")) {
                    db.setAutoCommit(false);
                    PreparedStatement insert = db.prepareStatement("insert into bench_roundtrip values (?, now())");
                    long end = System.currentTimeMillis() + seconds * 1000L;
                    while (System.currentTimeMillis() < end) {
                        long start = System.nanoTime();
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.executeUpdate();
                        db.commit();
                        producer.send(new ProducerRecord<>(topic, key, "x")).get();
                        Long seen = q.poll(10, TimeUnit.SECONDS);
                        if (seen != null) {
                            latencies.add((seen - start) / 1e6);
                        }
                    }
                } catch (Exception e) {
                    System.err.println("round trip: " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        running.set(false);
        poller.join();
        consumer.close();
        producer.close();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
        try (Connection cleanup = DriverManager.getConnection(jdbc, "parley", "parley")) {
            cleanup.createStatement().execute("drop table bench_roundtrip");
        }
        return new Result(new ArrayList<>(latencies), latencies.size(), 0);
    }

    static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** As the platform's SecretCipher: AES-256-GCM, 12-byte nonce first, base64. */
    static String encrypt(String base64Key, String plaintext) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
                new GCMParameterSpec(128, nonce));
        byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
    }
}
