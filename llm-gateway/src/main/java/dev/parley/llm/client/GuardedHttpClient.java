package dev.parley.llm.client;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.parley.platform.outbound.OutboundCallFailedException;
import dev.parley.platform.outbound.OutboundHttp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * LangChain4j's HTTP client, implemented with Parley's {@link OutboundHttp}: every provider call goes through the
 * outbound guard (no private addresses, the checked address pinned, no redirects) within this call's time and size
 * limits. Streamed answers are read on {@code executor} and handed to LangChain4j's server-sent-event parser.
 */
final class GuardedHttpClient implements HttpClient {

    private final OutboundHttp http;
    private final Duration timeout;
    private final long maxResponseBytes;
    private final Executor executor;

    GuardedHttpClient(OutboundHttp http, Duration timeout, long maxResponseBytes, Executor executor) {
        this.http = http;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.executor = executor;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        OutboundHttp.Response response;
        try {
            response = http.send(request.method().name(), request.url(), headers(request), body(request), timeout,
                    maxResponseBytes);
        } catch (OutboundCallFailedException e) {
            throw e.timedOut() ? new TimeoutException(e) : e;
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.status() < 200 || response.status() > 299) {
            throw new HttpException(response.status(), body);
        }
        return SuccessfulHttpResponse.builder().statusCode(response.status()).headers(multi(response.headers()))
                .body(body).build();
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        executor.execute(() -> {
            try (OutboundHttp.Streamed response = http.open(request.method().name(), request.url(), headers(request),
                    body(request), timeout, maxResponseBytes)) {
                if (response.status() < 200 || response.status() > 299) {
                    listener.onError(new HttpException(response.status(), readAll(response.body())));
                    return;
                }
                listener.onOpen(SuccessfulHttpResponse.builder().statusCode(response.status())
                        .headers(multi(response.headers())).build());
                parser.parse(response.body(), listener);
                listener.onClose();
            } catch (OutboundCallFailedException e) {
                listener.onError(e.timedOut() ? new TimeoutException(e) : e);
            } catch (RuntimeException | IOException e) {
                listener.onError(e);
            }
        });
    }

    private static Map<String, String> headers(HttpRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (values != null && !values.isEmpty()) {
                headers.put(name, String.join(", ", values));
            }
        });
        return headers;
    }

    private static byte[] body(HttpRequest request) {
        return request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> multi(Map<String, String> headers) {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return multi;
    }

    private static String readAll(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(64 * 1024);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
