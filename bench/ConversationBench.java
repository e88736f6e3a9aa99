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
 * Inbound message to bot reply emitted, on the keyword path: virtual customers each send a signed message to a
 * webhook channel and wait until the bot's reply reaches the channel's URL (a receiver in this process), then
 * send the next. Reports sustained messages per second and p50/p99 latency, and, in the same run, the raw round
 * trip the service builds on: a PostgreSQL insert + commit followed by a Kafka produce (acks=all) consumed back.
 * Run through bench/conversation-throughput.sh, which starts conversation-service for it.
 */
public class ConversationBench {

    static final String SECRET = "bench-secret";

    public static void main(String[] args) throws Exception {
        String service = args[0];
        String kafka = args[1];
        String jdbc = args[2];
        String cipherKey = args[3];
        int users = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);

        // the channel's URL: replies arrive here
        ConcurrentHashMap<String, LinkedBlockingQueue<Long>> waiting = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
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
        String credentials = encrypt(cipherKey, "{\"secret\":\"" + SECRET + "\"}");
        String snapshot = """
                {"id":"%s","tenantId":"tnt_acme","version":1,"name":"Bench","status":"active","type":"internal",
                 "provider":"none","public":false,"webhookEnabled":false,
                 "behaviors":{"greeting":{"enabled":false}},
                 "keywordRules":[{"id":"kw_1","name":"hours","keywords":["hours"],"matchType":"contains",
                   "response":{"type":"text","text":"We are open 9 to 5."},"priority":1,"enabled":true}],
                 "channels":[{"id":"%s","type":"webhook","name":"bench","status":"connected",
                   "settings":{"url":"%s"},"credentials":"%s"}]}"""
                .formatted(botId, channelId, hookUrl, credentials);
        Properties producerProps = new Properties();
        producerProps.put("bootstrap.servers", kafka);
        producerProps.put("linger.ms", "0");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>("test.parley.bot-config", botId, snapshot); // the test profile's prefix
            Map.of("ce_specversion", "1.0", "ce_id", "evt_" + UUID.randomUUID(), "ce_source", "/parley/bench",
                    "ce_type", "bot.updated", "ce_tenantid", "tnt_acme", "content-type", "application/json")
                    .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }

        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        // wait until the service knows the channel (a signed probe answered 202)
        long deadline = System.currentTimeMillis() + 60_000;
        while (send(http, service, channelId, "probe", "warm-" + UUID.randomUUID(), "hello") != 202) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the service never learned the bench channel");
            }
            Thread.sleep(200);
        }

        System.out.printf("inbound → reply delivered, %d concurrent customers (warm-up %d s, measured %d s)%n", users,
                seconds, seconds);
        run(http, service, channelId, waiting, users, seconds, false);
        Result r = run(http, service, channelId, waiting, users, seconds, true);
        System.out.printf("  %,.0f messages/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, %d timeouts%n",
                r.count / (double) seconds, r.p(50), r.p(90), r.p(99), r.p(100), r.timeouts);

        Result raw = roundTrip(kafka, jdbc, users, seconds);
        System.out.printf("raw round trip (PostgreSQL insert+commit, Kafka produce acks=all, consumed back), %d workers:%n",
                users);
        System.out.printf("  %,.0f round trips/s, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms%n", raw.count / (double) seconds,
                raw.p(50), raw.p(90), raw.p(99));
        receiver.stop(0);
        System.exit(0);
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

    static Result run(HttpClient http, String service, String channelId,
            ConcurrentHashMap<String, LinkedBlockingQueue<Long>> waiting, int users, int seconds, boolean measure)
            throws InterruptedException {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Double> accepted = Collections.synchronizedList(new ArrayList<>());
        long[] timeouts = new long[1];
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(users);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        String round = UUID.randomUUID().toString().substring(0, 8);
        for (int u = 0; u < users; u++) {
            String customer = "cust-" + round + "-" + u;
            LinkedBlockingQueue<Long> replies = new LinkedBlockingQueue<>();
            waiting.put(customer, replies);
            pool.submit(() -> {
                int n = 0;
                try {
                    while (running.get()) {
                        long start = System.nanoTime();
                        int status = send(http, service, channelId, customer, customer + "-" + n++, "what are your hours?");
                        if (status != 202) {
                            throw new IllegalStateException("inbound answered " + status);
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
        if (measure) {
            Result a = new Result(new ArrayList<>(accepted), accepted.size(), 0);
            System.out.printf("  inbound accepted (HTTP 202): p50 %.1f ms, p99 %.1f ms%n", a.p(50), a.p(99));
        }
        return new Result(new ArrayList<>(latencies), latencies.size(), timeouts[0]);
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

    static Result roundTrip(String kafka, String jdbc, int workers, int seconds) throws Exception {
        String topic = "parley-bench.roundtrip." + UUID.randomUUID().toString().substring(0, 8);
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
