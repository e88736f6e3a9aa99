package dev.parley.llm.service.agentloop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.ToolSpecificationJsonUtils;
import dev.parley.llm.AgentTool;
import dev.parley.llm.client.KnowledgeBaseClient;
import dev.parley.llm.config.AgentLoopConfig;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.outbound.OutboundCallFailedException;
import dev.parley.platform.outbound.OutboundHttp;
import dev.parley.platform.outbound.OutboundRefusedException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an agent loop's tools are to the model (specifications) and what calling one does. A call never throws:
 * arguments that break the tool's schema, a refused address, a failing endpoint all come back as a tool error that
 * the model reads and can recover from.
 */
@ApplicationScoped
public class AgentToolbox {

    /** What a call produced: the text the model gets, and the error when it failed. */
    public record Outcome(String result, String error) {

        static Outcome ok(String result) {
            return new Outcome(result, null);
        }

        static Outcome failed(String error) {
            return new Outcome(null, error);
        }

        /** A failure reaches the model as a small JSON object, so it can tell it from a result. */
        public String forModel(ObjectMapper json) {
            return error == null ? result : json.createObjectNode().put("error", error).toString();
        }
    }

    /** Who the call is made for, and how long it may take. */
    public record Context(String tenantId, String conversationId, String botId, Duration timeLeft) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final ToolSchemas schemas;
    private final OutboundHttp http;
    private final SecretCipher cipher;
    private final KnowledgeBaseClient knowledgeBases;
    private final ExecutionStore store;
    private final AgentLoopConfig config;
    private final ObjectMapper json;

    public AgentToolbox(ToolSchemas schemas, OutboundHttp http, SecretCipher cipher, KnowledgeBaseClient knowledgeBases,
            ExecutionStore store, AgentLoopConfig config, ObjectMapper json) {
        this.schemas = schemas;
        this.http = http;
        this.cipher = cipher;
        this.knowledgeBases = knowledgeBases;
        this.store = store;
        this.config = config;
        this.json = json;
    }

    public List<ToolSpecification> specifications(List<AgentTool> tools) {
        List<ToolSpecification> specifications = new ArrayList<>(tools.size());
        for (AgentTool tool : tools) {
            ObjectNode function = json.createObjectNode().put("name", tool.name());
            function.put("description", tool.description() != null ? tool.description() : defaultDescription(tool));
            function.set("parameters", parameters(tool));
            specifications.add(ToolSpecificationJsonUtils.fromJson(function.toString()));
        }
        return specifications;
    }

    public Outcome call(List<AgentTool> tools, String name, String rawArguments, Context context) {
        AgentTool tool = tools.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
        if (tool == null) {
            return Outcome.failed("there is no tool named '" + name + "'");
        }
        JsonNode arguments;
        try {
            arguments = json.readTree(rawArguments == null || rawArguments.isBlank() ? "{}" : rawArguments);
        } catch (JsonProcessingException e) {
            return Outcome.failed("invalid arguments: not JSON");
        }
        if (!arguments.isObject()) {
            return Outcome.failed("invalid arguments: must be a JSON object");
        }
        List<String> violations = schemas.violations(parameters(tool), arguments);
        if (!violations.isEmpty()) {
            return Outcome.failed("invalid arguments: " + String.join("; ", violations));
        }
        return switch (tool.type()) {
            case AgentTool.HTTP -> callHttp(tool, (ObjectNode) arguments, context);
            case AgentTool.KNOWLEDGE_BASE -> searchKnowledgeBase(tool, arguments, context);
            default -> transfer(tool, arguments, context);
        };
    }

    private JsonNode parameters(AgentTool tool) {
        return switch (tool.type()) {
            case AgentTool.KNOWLEDGE_BASE -> schemas.knowledgeBaseParameters();
            case AgentTool.TRANSFER -> schemas.transferParameters();
            default -> tool.parameters();
        };
    }

    private static String defaultDescription(AgentTool tool) {
        return switch (tool.type()) {
            case AgentTool.KNOWLEDGE_BASE -> "Searches the knowledge base and returns the most relevant passages.";
            case AgentTool.TRANSFER -> "Hands the conversation to a human agent, with the reason and notes for them.";
            default -> "Calls " + tool.method() + " " + tool.url();
        };
    }

    private Outcome callHttp(AgentTool tool, ObjectNode arguments, Context context) {
        ObjectNode rest = arguments.deepCopy();
        Matcher placeholders = PLACEHOLDER.matcher(tool.url());
        StringBuilder url = new StringBuilder();
        while (placeholders.find()) {
            JsonNode value = rest.remove(placeholders.group(1));
            String text = value == null || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
            placeholders.appendReplacement(url, Matcher.quoteReplacement(encode(text)));
        }
        placeholders.appendTail(url);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        byte[] body = null;
        if (tool.method().equals("GET") || tool.method().equals("DELETE")) {
            StringBuilder query = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = rest.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = field.getValue();
                query.append(query.isEmpty() ? "" : "&").append(encode(field.getKey())).append('=')
                        .append(encode(value.isValueNode() ? value.asText() : value.toString()));
            }
            if (!query.isEmpty()) {
                url.append(url.indexOf("?") < 0 ? '?' : '&').append(query);
            }
        } else {
            headers.put("Content-Type", "application/json");
            body = rest.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (tool.headers() != null) {
            for (AgentTool.Header header : tool.headers()) {
                headers.put(header.name(), header.secret() ? cipher.decrypt(header.value()) : header.value());
            }
        }
        Duration timeout = context.timeLeft().compareTo(config.toolTimeout()) < 0 ? context.timeLeft() : config.toolTimeout();
        if (timeout.toMillis() < 1) {
            return Outcome.failed("no time left for the call");
        }
        long start = System.nanoTime();
        try {
            OutboundHttp.Response response = http.send(tool.method(), url.toString(), headers, body, timeout,
                    config.toolMaxResponseBytes());
            String text = cut(new String(response.body(), StandardCharsets.UTF_8));
            if (response.status() >= 400) {
                return Outcome.failed("HTTP " + response.status() + (text.isBlank() ? "" : ": " + text));
            }
            return Outcome.ok(text.isEmpty() ? "HTTP " + response.status() : text);
        } catch (OutboundRefusedException e) {
            return Outcome.failed("refused to call this address: " + e.getMessage());
        } catch (OutboundCallFailedException e) {
            boolean late = e.timedOut() || System.nanoTime() - start >= timeout.toNanos();
            return Outcome.failed(late ? "the tool did not answer within " + timeout.toMillis() + " ms"
                    : "the call failed: " + e.getMessage());
        }
    }

    private Outcome searchKnowledgeBase(AgentTool tool, JsonNode arguments, Context context) {
        try {
            JsonNode passages = knowledgeBases.search(context.tenantId(), tool.knowledgeBaseId(),
                    arguments.path("query").asText(), tool.topK());
            return Outcome.ok(cut(passages == null ? "[]" : passages.toString()));
        } catch (KnowledgeBaseClient.SearchFailed e) {
            return Outcome.failed(e.getMessage());
        }
    }

    private Outcome transfer(AgentTool tool, JsonNode arguments, Context context) {
        if (context.conversationId() == null) {
            return Outcome.failed("this execution has no conversation to transfer");
        }
        String notes = arguments.path("notes").isTextual() ? arguments.path("notes").asText() : null;
        store.requestHandoff(context.tenantId(), context.conversationId(), context.botId(), tool.teamId(),
                arguments.path("reason").asText(), notes);
        ObjectNode result = json.createObjectNode().put("transferred", true).put("conversationId", context.conversationId());
        if (tool.teamId() != null) {
            result.put("teamId", tool.teamId());
        }
        return Outcome.ok(result.toString());
    }

    private String cut(String text) {
        int max = config.toolResultMaxChars();
        return text.length() <= max ? text : text.substring(0, max) + "…[cut at " + max + " characters]";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
