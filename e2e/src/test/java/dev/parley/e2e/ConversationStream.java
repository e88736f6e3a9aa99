package dev.parley.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Customers streaming messages at conversation-service on a webhook channel and a webchat channel, as channels send
 * them: one sender per conversation, one message after the other ({@code ping <n>}), each retried with the same message
 * id (the webhook's {@code messageId}, webchat's {@code clientMessageId}) until it is accepted, to the next replica
 * when one does not answer. The bot (an external bot in this process) answers {@code pong <n>}. The webhook channel's
 * replies arrive at {@link #replies()}, a receiver in this process; a webchat visitor's are read from its history.
 * <p>
 * Counted per conversation: a {@code pong} never delivered (lost), one delivered under two message ids (answered
 * twice), a first delivery after a later one's (out of order), and the same reply delivered again under its
 * {@code Idempotency-Key} (a duplicate the receiver drops by that header).
 */
final class ConversationStream {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One reply as the webhook channel's receiver got it. */
    record Delivery(String idempotencyKey, String contact, String conversationId, String text) {
    }

    /**
     * What a round of the stream came to. {@code otherReplies}: the bot's replies that were not a {@code pong} (the
     * fallback Parley answers with when the external bot does not answer, say), which leave their ping lost.
     */
    record Figures(String label, int conversations, int messages, int lost, int answeredTwice, int outOfOrder,
            int deliveries, int duplicates, int retries, Set<String> conversationIds, List<String> otherReplies) {

        double duplicatesPer10k() {
            return duplicates * 10_000.0 / Math.max(1, messages);
        }

        String line() {
            return "%s: %,d messages over %d conversations: lost %d, answered twice %d, out of order %d; %,d webhook deliveries,"
                    .formatted(label, messages, conversations, lost, answeredTwice, outOfOrder, deliveries)
                    + " %d duplicate deliveries of a reply (%.1f per 10,000 messages); %d sends retried; load average %s"
                    .formatted(duplicates, duplicatesPer10k(), retries, loadAverage())
                    + (otherReplies.isEmpty() ? "" : "; %d replies not a pong: %s".formatted(otherReplies.size(),
                            otherReplies.stream().distinct().limit(3).toList()));
        }
    }

    private final HttpServer bot;
    private final HttpServer receiver;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** The team a customer saying "human" is handed to (the routing round sets it). */
    volatile String handoffTeam;
    final String webhookChannel;
    final String webhookSecret;
    final String webchatChannel;

    /** Starts the external bot and the channel's receiver; {@code setup} creates the bot and channels pointing at them. */
    ConversationStream(Setup setup) {
        try {
            bot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            bot.createContext("/bot", exchange -> {
                JsonNode envelope = JSON.readTree(exchange.getRequestBody().readAllBytes());
                String text = envelope.path("message").path("text").asText("");
                String answer;
                if (text.startsWith("ping ")) {
                    answer = JSON.createObjectNode().put("text", "pong " + text.substring(5)).toString();
                } else if (text.equals("human") && handoffTeam != null) {
                    answer = """
                            {"messages": [{"text": "Connecting you with a person."}],
                             "handoff": {"reason": "customer_request", "teamId": "%s"}}""".formatted(handoffTeam);
                } else {
                    answer = "{\"text\": \"I only play ping pong.\"}";
                }
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            bot.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            bot.start();
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            receiver.createContext("/replies", exchange -> {
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                        body.path("to").path("id").asText(), body.path("conversationId").asText(),
                        body.path("text").asText()));
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            receiver.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] channels = setup.create("http://127.0.0.1:" + bot.getAddress().getPort() + "/bot",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/replies");
        webhookChannel = channels[0];
        webhookSecret = channels[1];
        webchatChannel = channels[2];
    }

    /** Creates the external bot at {@code botUrl} with a webhook channel replying to {@code repliesUrl} and a webchat channel. */
    interface Setup {
        /** @return the webhook channel's id, its secret, the webchat channel's id */
        String[] create(String botUrl, String repliesUrl);
    }

    List<Delivery> replies() {
        return deliveries;
    }

    /**
     * Sends {@code messages} messages on each of {@code webhooks} webhook conversations and {@code webchats} webchat
     * conversations, one every {@code paceMillis} per conversation, the n-th message of a conversation to
     * {@code replicaFor.apply(n)}; runs {@code fault} {@code faultAfterMillis} after the start; then waits until every
     * reply is in (at most {@code patience}) and counts.
     */
    Figures run(String label, int webhooks, int webchats, int messages, long paceMillis, IntFunction<List<String>> replicaFor,
            long faultAfterMillis, Runnable fault, Duration patience) throws Exception {
        String run = label.replaceAll("[^a-z0-9]", "") + Long.toString(System.nanoTime(), 36);
        AtomicInteger retries = new AtomicInteger();
        Set<String> conversationIds = ConcurrentHashMap.newKeySet();
        Map<String, String[]> visitors = new ConcurrentHashMap<>(); // webchat contact -> session id, token
        List<Thread> senders = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        long deadline = System.currentTimeMillis() + patience.toMillis();
        for (int c = 0; c < webhooks + webchats; c++) {
            boolean webhook = c < webhooks;
            String contact = run + (webhook ? "-w" : "-c") + c;
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    String[] visitor = null;
                    if (!webhook) {
                        visitor = openSession(contact, replicaFor.apply(0), retries, deadline);
                        visitors.put(contact, visitor);
                    }
                    for (int n = 1; n <= messages; n++) {
                        String id = contact + "-" + n;
                        String conversation = webhook
                                ? sendWebhook(contact, id, "ping " + n, replicaFor.apply(n), retries, deadline)
                                : sendWebchat(visitor, id, "ping " + n, replicaFor.apply(n), retries, deadline);
                        conversationIds.add(conversation);
                        Thread.sleep(paceMillis);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        Thread faults = inject(fault, faultAfterMillis, failures);
        for (Thread sender : senders) {
            sender.join();
        }
        faults.join();
        if (!failures.isEmpty()) {
            IllegalStateException failed = new IllegalStateException(label + ": " + failures.size() + " senders failed");
            failures.forEach(failed::addSuppressed);
            throw failed;
        }

        // every reply in, or the deadline
        Map<String, List<Integer>> webchatReplies = new HashMap<>();
        Map<String, Integer> webchatInbound = new HashMap<>();
        Map<String, List<String>> webchatOthers = new HashMap<>();
        while (true) {
            boolean complete = true;
            for (int c = 0; c < webhooks; c++) {
                String contact = run + "-w" + c;
                if (deliveries.stream().filter(d -> d.contact().equals(contact) && d.text().startsWith("pong "))
                        .map(Delivery::text).distinct().count() < messages) {
                    complete = false;
                    break;
                }
            }
            for (Map.Entry<String, String[]> visitor : visitors.entrySet()) {
                JsonNode history = history(visitor.getValue(), replicaFor.apply(0));
                List<Integer> pongs = new ArrayList<>();
                List<String> others = new ArrayList<>();
                int pings = 0;
                for (JsonNode m : history.path("data")) {
                    String text = m.path("text").asText();
                    String sender = m.path("sender").asText();
                    if (sender.equals("bot") && text.startsWith("pong ")) {
                        pongs.add(Integer.parseInt(text.substring(5)));
                    } else if (sender.equals("bot")) {
                        others.add(text);
                    } else if (sender.equals("contact") && text.startsWith("ping ")) {
                        pings++;
                    }
                }
                webchatReplies.put(visitor.getKey(), pongs);
                webchatOthers.put(visitor.getKey(), others);
                webchatInbound.put(visitor.getKey(), pings);
                if (new HashSet<>(pongs).size() < messages) {
                    complete = false;
                }
            }
            if (complete || System.currentTimeMillis() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        Thread.sleep(1500); // a duplicate delivery, if any, arrives now

        int lost = 0;
        int twice = 0;
        int outOfOrder = 0;
        int delivered = 0;
        int duplicates = 0;
        List<String> otherReplies = new ArrayList<>();
        webchatOthers.values().forEach(otherReplies::addAll);
        for (int c = 0; c < webhooks; c++) {
            String contact = run + "-w" + c;
            List<Delivery> mine = deliveries.stream()
                    .filter(d -> d.contact().equals(contact) && d.text().startsWith("pong ")).toList();
            delivered += mine.size();
            Map<String, String> others = new LinkedHashMap<>(); // by idempotency key: a repeat is one reply
            deliveries.stream().filter(d -> d.contact().equals(contact) && !d.text().startsWith("pong "))
                    .forEach(d -> others.putIfAbsent(d.idempotencyKey(), d.text()));
            otherReplies.addAll(others.values());
            Map<String, Delivery> firsts = new LinkedHashMap<>();
            for (Delivery d : mine) {
                if (firsts.putIfAbsent(d.idempotencyKey(), d) != null) {
                    duplicates++;
                }
            }
            List<Integer> order = new ArrayList<>();
            firsts.values().forEach(d -> order.add(Integer.parseInt(d.text().substring(5))));
            int[] counted = count(order, messages);
            lost += counted[0];
            twice += counted[1];
            outOfOrder += counted[2];
        }
        for (Map.Entry<String, List<Integer>> visitor : webchatReplies.entrySet()) {
            int[] counted = count(visitor.getValue(), messages);
            lost += counted[0];
            twice += counted[1];
            outOfOrder += counted[2];
            twice += Math.max(0, webchatInbound.get(visitor.getKey()) - messages); // a visitor message stored twice
        }
        return new Figures(label, webhooks + webchats, (webhooks + webchats) * messages, lost, twice, outOfOrder, delivered,
                duplicates, retries.get(), conversationIds, otherReplies);
    }

    /**
     * {@code conversations} customers on the webhook channel each ask for a human, one every {@code paceMillis}, with
     * {@code fault} run {@code faultAfterMillis} after the first; counts those whose handoff message never came (lost).
     */
    Figures handoffs(String label, int conversations, long paceMillis, String replica, long faultAfterMillis,
            Runnable fault) throws Exception {
        String run = "handoff" + Long.toString(System.nanoTime(), 36);
        AtomicInteger retries = new AtomicInteger();
        Set<String> conversationIds = ConcurrentHashMap.newKeySet();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread faults = inject(fault, faultAfterMillis, failures);
        long deadline = System.currentTimeMillis() + 180_000;
        for (int c = 0; c < conversations; c++) {
            String contact = run + "-h" + c;
            conversationIds.add(sendWebhook(contact, contact + "-1", "human", List.of(replica), retries, deadline));
            Thread.sleep(paceMillis);
        }
        faults.join();
        if (!failures.isEmpty()) {
            throw new IllegalStateException(label + ": the fault failed", failures.get(0));
        }
        int lost = conversations;
        while (System.currentTimeMillis() < deadline) {
            lost = (int) (conversations - deliveries.stream()
                    .filter(d -> d.contact().startsWith(run) && d.text().equals("Connecting you with a person."))
                    .map(Delivery::contact).distinct().count());
            if (lost == 0) {
                break;
            }
            Thread.sleep(500);
        }
        return new Figures(label, conversations, conversations, lost, 0, 0, 0, 0, retries.get(), conversationIds, List.of());
    }

    /** {lost, answered twice, out of order} of the {@code pong} numbers of one conversation, in the order delivered. */
    private static int[] count(List<Integer> order, int messages) {
        Set<Integer> seen = new HashSet<>();
        int twice = 0;
        int outOfOrder = 0;
        int highest = 0;
        for (int n : order) {
            if (!seen.add(n)) {
                twice++;
            }
            if (n < highest) {
                outOfOrder++;
            }
            highest = Math.max(highest, n);
        }
        int lost = 0;
        for (int n = 1; n <= messages; n++) {
            if (!seen.contains(n)) {
                lost++;
            }
        }
        return new int[] {lost, twice, outOfOrder};
    }

    private String sendWebhook(String contact, String messageId, String text, List<String> replicas,
            AtomicInteger retries, long deadline) throws Exception {
        byte[] body = JSON.createObjectNode().put("messageId", messageId).put("text", text)
                .set("from", JSON.createObjectNode().put("id", contact).put("name", contact)).toString()
                .getBytes(StandardCharsets.UTF_8);
        String signature = "sha256=" + hmacHex(webhookSecret, body);
        JsonNode answer = untilAccepted(replicas, retries, deadline, replica -> HttpRequest.newBuilder(
                        URI.create(replica + "/v1/inbound/" + webhookChannel))
                .header("Content-Type", "application/json").header("X-Parley-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), 202);
        return answer.path("data").path("conversationId").asText();
    }

    private String sendWebchat(String[] visitor, String clientMessageId, String text, List<String> replicas,
            AtomicInteger retries, long deadline) throws Exception {
        String body = JSON.createObjectNode().put("text", text).put("clientMessageId", clientMessageId).toString();
        JsonNode answer = untilAccepted(replicas, retries, deadline, replica -> HttpRequest.newBuilder(
                        URI.create(replica + "/v1/webchat/sessions/" + visitor[0] + "/messages"))
                .header("Content-Type", "application/json").header("X-Webchat-Token", visitor[1])
                .POST(HttpRequest.BodyPublishers.ofString(body)), 202);
        return answer.path("data").path("conversationId").asText();
    }

    private String[] openSession(String contact, List<String> replicas, AtomicInteger retries, long deadline)
            throws Exception {
        String body = "{\"channelId\": \"" + webchatChannel + "\", \"name\": \"" + contact + "\"}";
        JsonNode session = untilAccepted(replicas, retries, deadline, replica -> HttpRequest.newBuilder(
                        URI.create(replica + "/v1/webchat/sessions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), 201);
        return new String[] {session.path("data").path("id").asText(),
                session.path("data").path("attributes").path("token").asText()};
    }

    private JsonNode history(String[] visitor, List<String> replicas) throws Exception {
        return untilAccepted(replicas, new AtomicInteger(), System.currentTimeMillis() + 60_000,
                replica -> HttpRequest.newBuilder(URI.create(replica + "/v1/webchat/sessions/" + visitor[0] + "/messages"))
                        .header("X-Webchat-Token", visitor[1]).GET(), 200);
    }

    interface RequestTo {
        HttpRequest.Builder at(String replica);
    }

    /**
     * Sends until a replica answers {@code expected}, as a channel retries: a refused connection, a timeout or a 5xx
     * is tried again (the next replica, if there are several), the same request each time.
     */
    private JsonNode untilAccepted(List<String> replicas, AtomicInteger retries, long deadline, RequestTo request,
            int expected) throws Exception {
        int attempt = 0;
        String last = "no attempt";
        while (System.currentTimeMillis() < deadline) {
            String replica = replicas.get(attempt % replicas.size());
            try {
                HttpResponse<String> response = http.send(request.at(replica).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == expected) {
                    return JSON.readTree(response.body());
                }
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() < 500 && response.statusCode() != 404) {
                    throw new IllegalStateException(replica + " answered " + last);
                }
            } catch (IOException e) {
                last = e.toString();
            }
            attempt++;
            retries.incrementAndGet();
            Thread.sleep(200);
        }
        throw new IllegalStateException("not accepted before the deadline: " + last);
    }

    static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    void close() {
        bot.stop(0);
        receiver.stop(0);
    }

    /** Runs {@code fault} on a thread of its own {@code afterMillis} from now; what it throws joins {@code failures}. */
    private static Thread inject(Runnable fault, long afterMillis, List<Throwable> failures) {
        return Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(afterMillis);
                fault.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        });
    }
}
