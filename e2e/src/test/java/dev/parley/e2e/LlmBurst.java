package dev.parley.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A burst of chat completions at llm-gateway ({@code retrieval}: no provider, no network), {@code concurrency} at a
 * time, with a fault injected part-way. Calls are not retried: each is answered 200 or fails (in flight when the
 * gateway died); while the gateway is down, callers wait for its port to open again.
 */
record LlmBurst(int calls, int answered, int failed) {

    static final String CALL = """
            {"model": "retrieval", "messages": [{"role": "user", "content": "When do you open in the morning?"}],
             "documents": [{"id": "hours", "title": "Opening hours", "text": "We open at nine every morning and close at five."}]}""";

    static LlmBurst run(String gateway, String key, int concurrency, int calls, long faultAfterMillis, Runnable fault)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                while (next.getAndIncrement() < calls) {
                    try {
                        awaitListening(gateway);
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + "/v1/chat/completions"))
                                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(CALL)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            answered.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            if (response.statusCode() < 500) {
                                errors.add(new IllegalStateException(response.statusCode() + " " + response.body()));
                            }
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet(); // in flight when the gateway died
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }));
        }
        Thread.sleep(faultAfterMillis);
        fault.run();
        for (Thread worker : workers) {
            worker.join();
        }
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException(errors.size() + " calls refused");
            errors.forEach(e::addSuppressed);
            throw e;
        }
        return new LlmBurst(calls, answered.get(), failed.get());
    }

    /** While the gateway is down a client has nothing to call: it waits until the port accepts connections again. */
    private static void awaitListening(String gateway) throws InterruptedException {
        URI uri = URI.create(gateway);
        while (true) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
                return;
            } catch (IOException e) {
                Thread.sleep(250);
            }
        }
    }
}
