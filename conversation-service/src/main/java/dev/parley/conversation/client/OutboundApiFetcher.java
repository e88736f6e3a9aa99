package dev.parley.conversation.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.engine.ApiFetcher;
import dev.parley.conversation.engine.Placeholders;
import dev.parley.events.bot.ApiFetch;
import dev.parley.platform.outbound.OutboundCallFailedException;
import dev.parley.platform.outbound.OutboundHttp;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code api_fetch} through the platform's outbound guard, with placeholders filled from the session. */
@ApplicationScoped
public class OutboundApiFetcher implements ApiFetcher {

    private final OutboundHttp http;
    private final ObjectMapper json;

    public OutboundApiFetcher(OutboundHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public Result fetch(ApiFetch spec, Map<String, String> variables) {
        if (spec == null || spec.url() == null) {
            throw new IllegalArgumentException("api_fetch without url");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (spec.headers() != null) {
            spec.headers().forEach((k, v) -> headers.put(k, Placeholders.fill(v, variables)));
        }
        String body = Placeholders.fill(spec.body(), variables);
        if (body != null) {
            headers.putIfAbsent("Content-Type", "application/json");
        }
        headers.putIfAbsent("Accept", "application/json");
        String url = Placeholders.fill(spec.url(), variables);
        OutboundHttp.Response response = http.send(spec.method() == null ? "GET" : spec.method().toUpperCase(), url,
                headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        if (response.status() / 100 != 2) {
            throw new OutboundCallFailedException("answered " + response.status(), null);
        }
        String raw = new String(response.body(), StandardCharsets.UTF_8);
        JsonNode tree = readTree(raw);
        Map<String, String> mapped = new LinkedHashMap<>();
        if (tree != null && spec.responseMapping() != null) {
            spec.responseMapping().forEach((variable, pointer) -> {
                JsonNode value = tree.at(pointer);
                if (!value.isMissingNode() && !value.isNull()) {
                    mapped.put(variable, value.isValueNode() ? value.asText() : value.toString());
                }
            });
        }
        String text = raw;
        if (tree != null && spec.messagePath() != null) {
            JsonNode at = tree.at(spec.messagePath());
            text = at.isMissingNode() ? null : at.isValueNode() ? at.asText() : at.toString();
        }
        return new Result(text, mapped);
    }

    private JsonNode readTree(String raw) {
        try {
            return json.readTree(raw);
        } catch (IOException e) {
            return null;
        }
    }
}
