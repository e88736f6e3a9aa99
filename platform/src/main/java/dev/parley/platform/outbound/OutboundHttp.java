package dev.parley.platform.outbound;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP calls to tenant-supplied URLs: through the {@link OutboundGuard}, to the address it checked (the
 * URL's host is still sent as Host and used for TLS), never following a redirect, within the configured
 * time, and refusing answers larger than the configured size.
 */
@ApplicationScoped
public class OutboundHttp {

    public record Response(int status, Map<String, String> headers, byte[] body) {
    }

    private final OutboundGuard guard;
    private final OutboundConfig config;
    private final HttpClient client;

    public OutboundHttp(OutboundGuard guard, OutboundConfig config, Vertx vertx) {
        this.guard = guard;
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setForceSni(true)
                .setVerifyHost(true));
    }

    /** Blocking: call it from a worker thread. Throws {@link OutboundRefusedException} before connecting. */
    public Response send(String method, String url, Map<String, String> headers, byte[] body) {
        OutboundGuard.Target target = guard.check(url);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setTimeout(config.timeout().toMillis());
        headers.forEach(options::addHeader);
        Future<Response> exchange = client.request(options)
                .compose(request -> request.send(body == null ? Buffer.buffer() : Buffer.buffer(body)))
                .compose(this::read);
        try {
            return exchange.toCompletionStage().toCompletableFuture().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new OutboundCallFailedException("no answer within " + config.timeout().toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OutboundCallFailedException failed) {
                throw failed;
            }
            throw new OutboundCallFailedException("call failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboundCallFailedException("interrupted", e);
        }
    }

    private Future<Response> read(HttpClientResponse response) {
        Promise<Response> done = Promise.promise();
        Buffer collected = Buffer.buffer();
        String declared = response.getHeader("content-length");
        if (declared != null && Long.parseLong(declared.trim()) > config.maxResponseBytes()) {
            response.request().reset();
            return Future.failedFuture(new OutboundCallFailedException(
                    "answer larger than " + config.maxResponseBytes() + " bytes", null));
        }
        response.pause();
        response.handler(chunk -> {
            if (collected.length() + chunk.length() > config.maxResponseBytes()) {
                done.tryFail(new OutboundCallFailedException(
                        "answer larger than " + config.maxResponseBytes() + " bytes", null));
                response.request().reset();
            } else {
                collected.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(end -> {
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(), h.getValue()));
            done.tryComplete(new Response(response.statusCode(), headers, collected.getBytes()));
        });
        response.resume();
        return done.future();
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
