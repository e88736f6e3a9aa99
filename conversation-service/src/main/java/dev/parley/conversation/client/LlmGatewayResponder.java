package dev.parley.conversation.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conversation.config.ConversationConfig;
import dev.parley.conversation.engine.AiResponder;
import dev.parley.conversation.engine.ChatTurn;
import dev.parley.conversation.engine.CompiledBot;
import dev.parley.conversation.engine.EngineInput;
import dev.parley.conversation.engine.Outcome;
import dev.parley.conversation.engine.Reply;
import dev.parley.events.bot.BotConfig;
import dev.parley.events.bot.BotFunction;
import dev.parley.platform.outbound.OutboundHttp;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Step 8 through llm-gateway: the bot's system prompt, the matching AI contexts and the recent history go to
 * {@code POST /v1/chat/completions}; the gateway adds knowledge-base passages for the bot's knowledge base and
 * returns them as {@code sources}. Function calls the model asks for run against the functions' endpoints through
 * the outbound guard, and their results go back to the model, for at most {@code maxFunctionRounds} rounds.
 */
@ApplicationScoped
public class LlmGatewayResponder implements AiResponder {

    private static final Logger LOG = Logger.getLogger(LlmGatewayResponder.class);
    private static final int MAX_TOOL_RESULT = 8_000;

    private final LlmGatewayApi gateway;
    private final OutboundHttp http;
    private final ObjectMapper json;
    private final ConversationConfig config;

    public LlmGatewayResponder(@RestClient LlmGatewayApi gateway, OutboundHttp http, ObjectMapper json,
            ConversationConfig config) {
        this.gateway = gateway;
        this.http = http;
        this.json = json;
        this.config = config;
    }

    @Override
    public Answer answer(CompiledBot bot, EngineInput input, List<String> contexts) {
        ObjectNode request = json.createObjectNode();
        request.put("model", bot.snapshot().model());
        BotConfig params = bot.snapshot().config();
        ArrayNode messages = request.putArray("messages");
        StringBuilder system = new StringBuilder(params != null && params.systemPrompt() != null
                ? params.systemPrompt() : "You are a helpful assistant.");
        if (!contexts.isEmpty()) {
            system.append("\n\nUse this information when it is relevant:");
            contexts.forEach(c -> system.append("\n---\n").append(c));
        }
        messages.addObject().put("role", "system").put("content", system.toString());
        List<ChatTurn> history = input.history() == null ? List.of() : input.history();
        history.stream().skip(Math.max(0, history.size() - config.historySize()))
                .forEach(t -> messages.addObject().put("role", t.role()).put("content", t.content()));
        messages.addObject().put("role", "user").put("content", input.text() == null ? "" : input.text());
        if (params != null) {
            if (params.temperature() != null) request.put("temperature", params.temperature());
            if (params.maxTokens() != null) request.put("max_tokens", params.maxTokens());
            if (params.topP() != null) request.put("top_p", params.topP());
            if (params.frequencyPenalty() != null) request.put("frequency_penalty", params.frequencyPenalty());
            if (params.presencePenalty() != null) request.put("presence_penalty", params.presencePenalty());
        }
        List<BotFunction> functions = bot.snapshot().functions() == null ? List.of() : bot.snapshot().functions();
        if (!functions.isEmpty()) {
            ArrayNode tools = request.putArray("tools");
            for (BotFunction f : functions) {
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", f.name());
                if (f.description() != null) fn.put("description", f.description());
                fn.set("parameters", json.valueToTree(f.parameters()));
            }
        }
        int prompt = 0;
        int completion = 0;
        List<Reply.Source> sources = new ArrayList<>();
        for (int round = 0; ; round++) {
            JsonNode response = gateway.complete(bot.tenantId(), bot.id(), input.conversationId(),
                    bot.snapshot().knowledgeBaseId(), request);
            JsonNode usage = response.path("usage");
            prompt += usage.path("prompt_tokens").asInt(0);
            completion += usage.path("completion_tokens").asInt(0);
            collectSources(response.path("sources"), sources);
            JsonNode message = response.path("choices").path(0).path("message");
            collectSources(message.path("sources"), sources);
            JsonNode calls = message.path("tool_calls");
            if (calls.isArray() && !calls.isEmpty() && round < config.maxFunctionRounds()) {
                messages.add(message.deepCopy());
                for (JsonNode call : calls) {
                    messages.addObject().put("role", "tool").put("tool_call_id", call.path("id").asText())
                            .put("content", callFunction(functions, call.path("function")));
                }
                continue;
            }
            return new Answer(message.path("content").asText(null), sources,
                    new Outcome.Usage(prompt, completion, prompt + completion), confidence(response, sources));
        }
    }

    private String callFunction(List<BotFunction> functions, JsonNode call) {
        String name = call.path("name").asText();
        Optional<BotFunction> function = functions.stream().filter(f -> f.name().equals(name)).findFirst();
        if (function.isEmpty() || function.get().endpoint() == null) {
            return "{\"error\":\"unknown function " + name + "\"}";
        }
        BotFunction.Endpoint endpoint = function.get().endpoint();
        String method = endpoint.method() == null ? "POST" : endpoint.method();
        String arguments = call.path("arguments").asText("{}");
        Map<String, String> headers = new LinkedHashMap<>();
        if (endpoint.headers() != null) headers.putAll(endpoint.headers());
        headers.putIfAbsent("Content-Type", "application/json");
        try {
            OutboundHttp.Response response = http.send(method, endpoint.url(), headers,
                    "GET".equals(method) ? null : arguments.getBytes(StandardCharsets.UTF_8));
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return body.length() > MAX_TOOL_RESULT ? body.substring(0, MAX_TOOL_RESULT) : body;
        } catch (RuntimeException e) {
            LOG.warnf("Function %s failed: %s", name, e.getMessage());
            return "{\"error\":\"the function could not be called\"}";
        }
    }

    /**
     * The gateway's own {@code confidence} when it gives one, else the score of the best knowledge-base passage the
     * answer rests on (a retrieval answer is that passage); {@code null} for an answer grounded in no passage, whose
     * confidence nothing measures.
     */
    static Double confidence(JsonNode response, List<Reply.Source> sources) {
        if (response.path("confidence").isNumber()) {
            return response.get("confidence").asDouble();
        }
        return sources.stream().map(Reply.Source::score).filter(Objects::nonNull)
                .max(Double::compare).orElse(null);
    }

    private static void collectSources(JsonNode node, List<Reply.Source> into) {
        if (!node.isArray()) {
            return;
        }
        for (JsonNode s : node) {
            into.add(new Reply.Source(s.path("type").asText("knowledge_base"), s.path("documentId").asText(null),
                    s.path("excerpt").asText(null), s.has("score") ? s.get("score").asDouble() : null));
        }
    }
}
