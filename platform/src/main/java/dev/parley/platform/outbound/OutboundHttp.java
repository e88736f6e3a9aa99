package dev.parley.platform.outbound;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * HTTP calls to tenant-supplied URLs: through the {@link OutboundGuard}, to the address it checked (the
 * URL's host is still sent as Host and used for TLS), never following a redirect, within the configured
 * time, and refusing answers larger than the configured size.
 * <p>
 * Each event loop has a client of its own, so the kept-alive connections a call gets belong to the event loop it is
 * made on: a call answered by a relay on the event loop never hands its request and its answer to another thread
 * (one shared client lends any idle connection, whichever event loop owns it).
 */
@ApplicationScoped
public class OutboundHttp {

    public record Response(int status, Map<String, String> headers, byte[] body) {
    }

    private final OutboundGuard guard;
    private final OutboundConfig config;
    private final Map<EventLoop, HttpClient> clients = new ConcurrentHashMap<>();
    private final Vertx vertx;

    public OutboundHttp(OutboundGuard guard, OutboundConfig config, Vertx vertx) {
        this.guard = guard;
        this.config = config;
        this.vertx = vertx;
        // made here, not on a first call: a client takes long enough to set up to matter within a call's time limit
        ((VertxInternal) vertx).getEventLoopGroup().forEach(loop -> clients.put((EventLoop) loop, newClient()));
    }

    /** The client of the calling event loop (of a new context's event loop when called elsewhere). */
    private HttpClient client() {
        Context current = Vertx.currentContext();
        ContextInternal context = (ContextInternal) (current != null && current.isEventLoopContext() ? current
                : vertx.getOrCreateContext());
        return clients.computeIfAbsent(context.nettyEventLoop(), loop -> newClient());
    }

    private HttpClient newClient() {
        return vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(config.maxConnectionsPerHost())
                .setForceSni(true)
                .setVerifyHost(true));
    }

    /** Blocking: call it from a worker thread. Throws {@link OutboundRefusedException} before connecting. */
    public Response send(String method, String url, Map<String, String> headers, byte[] body) {
        return send(method, url, headers, body, config.timeout(), config.maxResponseBytes());
    }

    /** As {@link #send(String, String, Map, byte[])}, with this call's own time and size limits. */
    public Response send(String method, String url, Map<String, String> headers, byte[] body, Duration timeout,
            long maxResponseBytes) {
        RequestOptions options = options(method, url, headers).setTimeout(timeout.toMillis());
        Future<Response> exchange = onEventLoop(() -> client().request(options)
                .compose(request -> request.send(body == null ? Buffer.buffer() : Buffer.buffer(body)))
                .compose(response -> read(response, maxResponseBytes)));
        return await(exchange, timeout);
    }

    /**
     * Opens a call whose answer is read as it arrives (server-sent events): returns once the status and headers are
     * in. Reading the body fails when nothing arrives for {@code idleTimeout} or more than {@code maxResponseBytes}
     * arrive; closing it abandons the call.
     */
    public Streamed open(String method, String url, Map<String, String> headers, byte[] body, Duration idleTimeout,
            long maxResponseBytes) {
        RequestOptions options = options(method, url, headers).setIdleTimeout(idleTimeout.toMillis());
        Future<Streamed> opened = onEventLoop(() -> client().request(options)
                .compose(request -> request.send(body == null ? Buffer.buffer() : Buffer.buffer(body)))
                .map(response -> {
                    ChunkStream stream = new ChunkStream(response, idleTimeout, maxResponseBytes);
                    Map<String, String> responseHeaders = new LinkedHashMap<>();
                    response.headers().forEach(h -> responseHeaders.putIfAbsent(h.getKey().toLowerCase(), h.getValue()));
                    return new Streamed(response.statusCode(), responseHeaders, stream);
                }));
        return await(opened, idleTimeout);
    }

    /**
     * As {@link #send(String, String, Map, byte[], Duration, long)} without blocking, for callers on an event loop: the
     * answer, whole, once it is in. Fails with {@link OutboundRefusedException} before connecting and with
     * {@link OutboundCallFailedException} when the call is made but brings no usable answer.
     */
    public Future<Response> exchange(String method, String url, Map<String, String> headers, Buffer body,
            Duration timeout, long maxResponseBytes) {
        return started(method, url, headers, body, options -> options.setTimeout(timeout.toMillis()))
                .compose(response -> read(response, maxResponseBytes))
                .recover(OutboundHttp::reported);
    }

    /**
     * Starts a call whose answer is read as it arrives, without blocking, for callers on an event loop: completes with
     * the answer's status and headers. The caller sets the body's handlers in that completion's callback (the body is
     * delivered on the caller's context after it); the call fails when nothing arrives for {@code idleTimeout}.
     */
    public Future<HttpClientResponse> stream(String method, String url, Map<String, String> headers, Buffer body,
            Duration idleTimeout) {
        return started(method, url, headers, body, options -> options.setIdleTimeout(idleTimeout.toMillis()))
                .recover(OutboundHttp::reported);
    }

    private Future<HttpClientResponse> started(String method, String url, Map<String, String> headers, Buffer body,
            UnaryOperator<RequestOptions> limits) {
        RequestOptions options;
        try {
            options = limits.apply(options(method, url, headers));
        } catch (OutboundRefusedException e) {
            return Future.failedFuture(e);
        }
        return client().request(options).compose(request -> request.send(body));
    }

    /** A refusal as it is; any other failure as {@link #failure}. */
    private static <T> Future<T> reported(Throwable cause) {
        return Future.failedFuture(cause instanceof OutboundRefusedException ? cause : failure(cause));
    }

    /** An answer being received: its status, its headers (lower-case names) and its body as it arrives. */
    public record Streamed(int status, Map<String, String> headers, InputStream body) implements Closeable {

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    private static <T> T await(Future<T> exchange, Duration timeout) {
        try {
            return exchange.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw OutboundCallFailedException.timedOut("no answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboundCallFailedException("interrupted", e);
        }
    }

    /**
     * Runs an exchange on one event-loop context, so that each step's callback runs as soon as the step completes
     * and the response's handlers are in place before its first piece of body is delivered.
     */
    private <T> Future<T> onEventLoop(Supplier<Future<T>> exchange) {
        Promise<T> result = Promise.promise();
        vertx.getOrCreateContext().runOnContext(ignored -> exchange.get().onComplete(result));
        return result.future();
    }

    private RequestOptions options(String method, String url, Map<String, String> headers) {
        OutboundGuard.Target target = guard.check(url);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(method))
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.https())
                .setURI(target.requestUri())
                .setFollowRedirects(false);
        headers.forEach(options::addHeader);
        return options;
    }

    private static OutboundCallFailedException failure(Throwable cause) {
        if (cause instanceof OutboundCallFailedException failed) {
            return failed;
        }
        if (cause instanceof TimeoutException) {
            return OutboundCallFailedException.timedOut("no answer in time: " + cause.getMessage(), cause);
        }
        return new OutboundCallFailedException("call failed: " + cause.getMessage(), cause);
    }

    private Future<Response> read(HttpClientResponse response, long maxResponseBytes) {
        Promise<Response> done = Promise.promise();
        Buffer collected = Buffer.buffer();
        String declared = response.getHeader("content-length");
        if (declared != null && Long.parseLong(declared.trim()) > maxResponseBytes) {
            response.request().reset();
            return Future.failedFuture(new OutboundCallFailedException(
                    "answer larger than " + maxResponseBytes + " bytes", null));
        }
        response.pause();
        response.handler(chunk -> {
            if (collected.length() + chunk.length() > maxResponseBytes) {
                done.tryFail(new OutboundCallFailedException("answer larger than " + maxResponseBytes + " bytes", null));
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
        clients.values().forEach(HttpClient::close);
    }
}
