package dev.parley.llm.service.chat;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.llm.client.OpenAiCompatible;
import dev.parley.llm.config.ChatConfig;
import dev.parley.llm.service.integration.IntegrationHealth;
import dev.parley.llm.service.usage.UsageService;
import dev.parley.platform.problem.ProblemException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.streams.WriteStream;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Chat completions for OpenAI-compatible providers ({@code openai}, {@code custom}), relayed as they are: the
 * client's body (checked, routed and budgeted by {@link ChatService#admit}) goes to the provider with only its model
 * and streaming options set, and the provider's answer comes back unchanged, a streamed one event by event as it
 * arrives. Everything runs on the request's event loop; only a database write (an integration's health) goes to a
 * worker. Retries and fallback models, the problems of provider failures, usage and integration health are those of
 * {@link ChatService}; providers whose wire format differs (Anthropic, Ollama) stay with it.
 */
@ApplicationScoped
public class ChatRelay {

    private static final Logger LOG = Logger.getLogger(ChatRelay.class);
    /** The most of a failed answer's body read to explain the failure. */
    private static final int ERROR_BODY_BYTES = 64 * 1024;

    /**
     * A successful answer on its way to the client (failures are problems): its content type and body, whole or
     * written as it arrives.
     */
    public record Relayed(String contentType, Buffer whole, Streamed streamed) {

        public static Relayed whole(String contentType, Buffer body) {
            return new Relayed(contentType, body, null);
        }

        public static Relayed streamed(String contentType, Streamed body) {
            return new Relayed(contentType, null, body);
        }
    }

    /**
     * A body written as it arrives: to the client's connection, which it ends when done. An exception reported by
     * the connection means the client went away.
     */
    @FunctionalInterface
    public interface Streamed {
        void writeTo(WriteStream<Buffer> client);
    }

    private final OpenAiCompatible provider;
    private final ModelCatalogue catalogue;
    private final UsageService usage;
    private final IntegrationHealth health;
    private final ChatConfig config;
    private final ObjectMapper json;
    private final Vertx vertx;

    public ChatRelay(OpenAiCompatible provider, ModelCatalogue catalogue, UsageService usage, IntegrationHealth health,
            ChatConfig config, ObjectMapper json, Vertx vertx) {
        this.provider = provider;
        this.catalogue = catalogue;
        this.usage = usage;
        this.health = health;
        this.config = config;
        this.json = json;
        this.vertx = vertx;
    }

    /** Whether calls on this route are relayed (else {@link ChatService} answers them through LangChain4j). */
    public static boolean relays(ModelRouter.Route route) {
        return !route.retrieval() && OpenAiCompatible.speaks(route.provider());
    }

    /**
     * Relays an admitted call. {@code body} is the client's request in OpenAI's format, without Parley's extensions;
     * with {@code stream}, {@code includeUsage} says whether the client asked for the usage event (the provider is
     * always asked for it, since the call's tokens are recorded from it).
     */
    public Future<Relayed> relay(String tenantId, ChatCall call, ModelRouter.Route route, ObjectNode body, boolean stream,
            boolean includeUsage) {
        Attempts attempts = new Attempts(vertx.getOrCreateContext(), tenantId, call, route, body, stream, includeUsage);
        attempts.next();
        return attempts.result.future();
    }

    /** One relayed call: the route's models in order, each tried up to {@code attempts-per-model} times. */
    private final class Attempts {

        final Context context;
        final String tenantId;
        final ChatCall call;
        final ModelRouter.Route route;
        final ObjectNode body;
        final boolean stream;
        final boolean includeUsage;
        final Promise<Relayed> result = Promise.promise();
        int model;
        int attempt = 1;

        Attempts(Context context, String tenantId, ChatCall call, ModelRouter.Route route, ObjectNode body,
                boolean stream, boolean includeUsage) {
            this.context = context;
            this.tenantId = tenantId;
            this.call = call;
            this.route = route;
            this.body = body;
            this.stream = stream;
            this.includeUsage = includeUsage;
        }

        void next() {
            String name = route.models().get(model);
            long start = System.nanoTime();
            Buffer payload;
            try {
                payload = Buffer.buffer(json.writeValueAsBytes(OpenAiCompatible.request(body, name, stream)));
            } catch (IOException e) {
                result.tryFail(e);
                return;
            }
            OpenAiCompatible.Endpoint endpoint = new OpenAiCompatible.Endpoint(route.baseUrl(), route.apiKey());
            if (stream) {
                provider.stream(endpoint, payload, config.timeout()).onComplete(opened -> {
                    if (opened.failed()) {
                        failed(ProviderFailure.of(opened.cause()), name);
                    } else if (!success(opened.result().statusCode())) {
                        failedWith(opened.result(), name);
                    } else {
                        HttpClientResponse response = opened.result();
                        response.pause(); // until the client's connection is there to write to
                        succeeded().onComplete(ignored -> result.tryComplete(Relayed.streamed("text/event-stream",
                                events(response, name, start))));
                    }
                });
            } else {
                provider.complete(endpoint, payload, config.timeout(), config.maxResponseBytes()).onComplete(answered -> {
                    if (answered.failed()) {
                        failed(ProviderFailure.of(answered.cause()), name);
                        return;
                    }
                    var answer = answered.result();
                    if (!success(answer.status())) {
                        failed(ProviderFailure.ofStatus(answer.status(), new String(answer.body(), UTF_8)), name);
                        return;
                    }
                    JsonNode completion;
                    try {
                        completion = json.readTree(answer.body());
                    } catch (IOException e) {
                        completion = null;
                    }
                    if (completion == null || !completion.isObject()) {
                        failed(ProviderFailure.unreadable(), name);
                        return;
                    }
                    record(name, completion.path("usage"), start).compose(written -> succeeded())
                            .onComplete(ignored -> result.tryComplete(Relayed.whole("application/json",
                                    Buffer.buffer(answer.body()))));
                });
            }
        }

        private boolean success(int status) {
            return status >= 200 && status <= 299;
        }

        /** A failed answer: its body (the start of it) says why. */
        private void failedWith(HttpClientResponse response, String name) {
            Buffer read = Buffer.buffer();
            response.handler(chunk -> {
                if (read.length() < ERROR_BODY_BYTES) {
                    read.appendBuffer(chunk);
                }
            });
            response.exceptionHandler(e -> failed(ProviderFailure.ofStatus(response.statusCode(), read.toString(UTF_8)), name));
            response.endHandler(end -> failed(ProviderFailure.ofStatus(response.statusCode(), read.toString(UTF_8)), name));
        }

        /** As {@code ChatService.attempt}: retry after a pause, else the next model, else give up with a problem. */
        private void failed(ProviderFailure failure, String name) {
            if (result.future().isComplete()) {
                return;
            }
            LOG.debugf("%s/%s attempt %d failed: %s", route.provider(), name, attempt, failure.summary());
            if (failure.retryable() && attempt < config.attemptsPerModel()) {
                long base = config.retryBackoff().toMillis() << (attempt - 1);
                attempt++;
                vertx.setTimer(Math.max(1, base + ThreadLocalRandom.current().nextLong(base / 2 + 1)),
                        timer -> context.runOnContext(ignored -> next()));
                return;
            }
            if (failure.tryNextModel() && model + 1 < route.models().size()) {
                model++;
                attempt = 1;
                next();
                return;
            }
            ProblemException problem = failure.problem(route.provider(), name);
            blocking(context, () -> {
                health.failed(route.integration(), failure.summary());
                return null;
            }).onComplete(ignored -> result.tryFail(problem));
        }

        /** A success resets a failing integration's count (a database write, so on a worker) before the answer. */
        private Future<Void> succeeded() {
            if (route.integration().consecutiveFailures == 0) {
                return Future.succeededFuture();
            }
            return blocking(context, () -> {
                health.succeeded(route.integration());
                return null;
            });
        }

        /** Records the call; the future completes on the call's event loop once its usage is written. */
        private Future<Void> record(String name, JsonNode tokens, long start) {
            int prompt = tokens.path("prompt_tokens").asInt(0);
            int completion = tokens.path("completion_tokens").asInt(0);
            int latencyMs = (int) ((System.nanoTime() - start) / 1_000_000);
            return Future.fromCompletionStage(usage.recordAsync(tenantId, new UsageService.Call(call.botId(),
                    call.conversationId(), "chat", route.provider(), name, prompt, completion,
                    catalogue.priced(route.provider(), name).cost(prompt, completion), latencyMs)), context);
        }

        /**
         * The provider's events, passed on as they arrive (the provider is paused while the client's connection has
         * more than it can take); the call is recorded when the provider's stream ends, and the client's ends once
         * that is written. A client that goes away ends the provider's stream too.
         */
        private Streamed events(HttpClientResponse response, String name, long start) {
            return client -> {
                OpenAiCompatible.Events events = new OpenAiCompatible.Events(json, includeUsage);
                boolean[] ended = {false};
                client.exceptionHandler(gone -> {
                    if (!ended[0]) {
                        ended[0] = true;
                        response.request().reset();
                    }
                });
                client.drainHandler(drained -> response.resume());
                response.handler(chunk -> {
                    if (ended[0]) {
                        return;
                    }
                    Buffer out = events.accept(chunk);
                    if (out.length() > 0) {
                        client.write(out);
                        if (client.writeQueueFull()) {
                            response.pause();
                        }
                    }
                });
                response.exceptionHandler(e -> {
                    if (ended[0]) {
                        return;
                    }
                    ended[0] = true;
                    ProviderFailure midway = ProviderFailure.of(e);
                    blocking(context, () -> {
                        health.failed(route.integration(), midway.summary());
                        return null;
                    });
                    client.end(events.error(midway.problem(route.provider(), name)));
                });
                response.endHandler(end -> {
                    if (ended[0]) {
                        return;
                    }
                    ended[0] = true;
                    Buffer rest = events.end();
                    record(name, events.usage(), start).onComplete(written -> client.end(rest)); // ends once recorded
                });
                response.resume();
            };
        }
    }

    /** Runs a database write on a worker thread; its result comes back on the call's event loop. */
    private static <T> Future<T> blocking(Context context, Callable<T> work) {
        return context.executeBlocking(work, false);
    }
}
