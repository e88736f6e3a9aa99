package dev.parley.llm.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.platform.outbound.OutboundHttp;
import dev.parley.platform.problem.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's chat completions API on a provider's endpoint ({@code openai}, or any compatible server as {@code custom}),
 * called without blocking through {@link OutboundHttp} (the outbound guard, the checked address, its keep-alive
 * connections). The request is the client's, with its model and streaming options set; streamed answers are read as
 * server-sent events and passed on event by event ({@link Events}).
 */
@ApplicationScoped
public class OpenAiCompatible {

    private static final Set<String> PROVIDERS = Set.of("openai", "custom");

    /** Where and as whom to call; {@code apiKey} may be null (a tenant's own server may need none). */
    public record Endpoint(String baseUrl, String apiKey) {
    }

    private final OutboundHttp http;

    public OpenAiCompatible(OutboundHttp http) {
        this.http = http;
    }

    /** True for providers that speak OpenAI's chat completions API. */
    public static boolean speaks(String provider) {
        return PROVIDERS.contains(provider);
    }

    /** The request the provider gets: the client's, for {@code model}, streamed with usage or not streamed. */
    public static ObjectNode request(ObjectNode body, String model, boolean stream) {
        ObjectNode request = body.deepCopy();
        request.put("model", model);
        request.put("stream", stream);
        if (stream) {
            request.putObject("stream_options").put("include_usage", true);
        }
        return request;
    }

    /** The whole answer, once in; fails only when no answer came (refused address, connection, time-out, size). */
    public Future<OutboundHttp.Response> complete(Endpoint endpoint, Buffer request, Duration timeout, long maxBytes) {
        return http.exchange("POST", url(endpoint), headers(endpoint, "application/json"), request, timeout, maxBytes);
    }

    /** The answer's status and headers; the caller reads its body (set its handlers in the completion's callback). */
    public Future<HttpClientResponse> stream(Endpoint endpoint, Buffer request, Duration idleTimeout) {
        return http.stream("POST", url(endpoint), headers(endpoint, "text/event-stream"), request, idleTimeout);
    }

    private static String url(Endpoint endpoint) {
        String base = endpoint.baseUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions";
    }

    private static Map<String, String> headers(Endpoint endpoint, String accept) {
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put("Content-Type", "application/json");
        headers.put("Accept", accept);
        if (endpoint.apiKey() != null) {
            headers.put("Authorization", "Bearer " + endpoint.apiKey());
        }
        return headers;
    }

    /**
     * A provider's server-sent events, cut at event boundaries and passed on as they complete. Two changes at most:
     * the first chunk names the assistant's role when the provider left it out (as OpenAI's does), and the usage the
     * gateway asked for is kept from a client that did not ask for it. The last usage seen is the call's.
     */
    public static final class Events {

        private final ObjectMapper json;
        private final boolean includeUsage;
        private Buffer pending = Buffer.buffer();
        private boolean first = true;
        private JsonNode usage = MissingNode.getInstance();

        public Events(ObjectMapper json, boolean includeUsage) {
            this.json = json;
            this.includeUsage = includeUsage;
        }

        /** What can be passed on after this piece of the answer: every event it completes. */
        public Buffer accept(Buffer chunk) {
            pending.appendBuffer(chunk);
            Buffer out = Buffer.buffer(chunk.length() + 32);
            int from = 0;
            int length = pending.length();
            for (int i = 0; i < length; i++) {
                if (pending.getByte(i) != '\n') {
                    continue;
                }
                int end = -1;
                if (i + 1 < length && pending.getByte(i + 1) == '\n') {
                    end = i + 2;
                } else if (i + 2 < length && pending.getByte(i + 1) == '\r' && pending.getByte(i + 2) == '\n') {
                    end = i + 3;
                }
                if (end > 0) {
                    event(pending.getBuffer(from, end), out);
                    from = end;
                    i = end - 1;
                }
            }
            pending = from == 0 ? pending : pending.getBuffer(from, length);
            return out;
        }

        /** What is left when the answer ends (an event without its closing blank line). */
        public Buffer end() {
            Buffer out = Buffer.buffer();
            if (pending.length() > 0) {
                event(pending, out);
                pending = Buffer.buffer();
            }
            return out;
        }

        /** The {@code usage} object of the answer's last event that had one (missing if none did). */
        public JsonNode usage() {
            return usage;
        }

        /** The event that ends a stream whose provider failed midway, as the gateway's own streams end then. */
        public Buffer error(ProblemException problem) {
            ObjectNode error = json.createObjectNode();
            error.putObject("error").put("message", problem.getMessage()).put("type", "provider_error")
                    .put("code", problem.code());
            return Buffer.buffer("data: " + error + "\n\n");
        }

        private void event(Buffer raw, Buffer out) {
            String text = raw.toString(UTF_8);
            String data = data(text);
            if (data == null || data.equals("[DONE]")) {
                out.appendBuffer(raw);
                return;
            }
            boolean withRole = first && !data.contains("\"role\"");
            first = false;
            boolean withUsage = data.contains("\"usage\"");
            if (!withRole && !withUsage) {
                out.appendBuffer(raw);
                return;
            }
            JsonNode chunk;
            try {
                chunk = json.readTree(data);
            } catch (JsonProcessingException e) {
                out.appendBuffer(raw);
                return;
            }
            if (!(chunk instanceof ObjectNode object)) {
                out.appendBuffer(raw);
                return;
            }
            boolean changed = false;
            if (withRole && object.path("choices").path(0).path("delta") instanceof ObjectNode delta) {
                ObjectNode withRoleFirst = json.createObjectNode().put("role", "assistant");
                withRoleFirst.setAll(delta);
                ((ObjectNode) object.path("choices").path(0)).set("delta", withRoleFirst);
                changed = true;
            }
            if (object.path("usage").isObject()) {
                usage = object.get("usage");
            }
            if (object.has("usage") && !includeUsage) {
                if (object.path("usage").isObject() && object.path("choices").isEmpty()) {
                    return; // the usage event the client did not ask for
                }
                object.remove("usage"); // OpenAI's "usage": null on every chunk, when asked for usage
                changed = true;
            }
            out.appendBuffer(changed ? Buffer.buffer("data: " + object + "\n\n") : raw);
        }

        /** The data of an event (its {@code data:} lines joined), or null for an event without data. */
        private static String data(String event) {
            StringBuilder data = null;
            for (String line : event.split("\r?\n")) {
                if (line.startsWith("data:")) {
                    String value = line.startsWith("data: ") ? line.substring(6) : line.substring(5);
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
            }
            return data == null ? null : data.toString();
        }
    }
}
