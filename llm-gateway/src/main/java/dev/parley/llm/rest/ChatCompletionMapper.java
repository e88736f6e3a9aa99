package dev.parley.llm.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.ToolSpecificationJsonUtils;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.output.FinishReason;
import dev.parley.llm.rest.ChatCompletionWire.Request;
import dev.parley.llm.service.chat.ChatCall;
import dev.parley.llm.service.chat.ChatResult;
import dev.parley.platform.problem.FieldChecks;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Between OpenAI's wire format and the gateway's LangChain4j-based {@link ChatCall} and {@link ChatResult}. */
final class ChatCompletionMapper {

    private static final int MAX_DOCUMENTS = 50;

    static ChatCall toCall(Request request, String botId, String conversationId, String knowledgeBaseId) {
        FieldChecks errors = new FieldChecks();
        List<ChatMessage> messages = messages(request.messages(), errors);
        List<ToolSpecification> tools = tools(request.tools(), errors);
        DefaultChatRequestParameters.Builder<?> parameters = DefaultChatRequestParameters.builder();
        range(errors, "temperature", request.temperature(), 0, 2);
        range(errors, "top_p", request.topP(), 0, 1);
        range(errors, "frequency_penalty", request.frequencyPenalty(), -2, 2);
        range(errors, "presence_penalty", request.presencePenalty(), -2, 2);
        if (request.n() != null && request.n() != 1) {
            errors.add("n", "only one choice (n = 1) is supported");
        }
        if (request.maxTokens() != null && request.maxCompletionTokens() != null) {
            errors.add("max_tokens", "give max_tokens or max_completion_tokens, not both");
        }
        parameters.temperature(request.temperature()).topP(request.topP())
                .frequencyPenalty(request.frequencyPenalty()).presencePenalty(request.presencePenalty())
                .maxOutputTokens(request.maxTokens() != null ? request.maxTokens() : request.maxCompletionTokens())
                .stopSequences(stop(request.stop(), errors));
        toolChoice(request.toolChoice(), tools, parameters, errors);
        parameters.responseFormat(responseFormat(request.responseFormat(), errors));
        List<ChatCall.Passage> passages = passages(request.documents(), errors);
        errors.throwIfAny();
        ChatRequestParameters built = parameters.build();
        return new ChatCall(request.model(), messages, built, passages, botId, conversationId, knowledgeBaseId);
    }

    private static List<ChatMessage> messages(List<ChatCompletionWire.Message> wire, FieldChecks errors) {
        if (wire == null || wire.isEmpty()) {
            errors.add("messages", "must be a non-empty array");
            return List.of();
        }
        List<ChatMessage> messages = new ArrayList<>(wire.size());
        Map<String, String> toolNamesByCallId = new HashMap<>();
        for (int i = 0; i < wire.size(); i++) {
            ChatCompletionWire.Message m = wire.get(i);
            String field = "messages[" + i + "]";
            if (m == null || m.role() == null) {
                errors.add(field + ".role", "is required");
                continue;
            }
            String text = text(m.content(), field + ".content", errors);
            switch (m.role()) {
                case "system", "developer" -> messages.add(SystemMessage.from(required(text, field, errors)));
                case "user" -> messages.add(m.name() == null ? UserMessage.from(required(text, field, errors))
                        : UserMessage.from(m.name(), required(text, field, errors)));
                case "assistant" -> {
                    List<ToolExecutionRequest> calls = new ArrayList<>();
                    for (ChatCompletionWire.ToolCall call : m.toolCalls() == null ? List.<ChatCompletionWire.ToolCall>of() : m.toolCalls()) {
                        if (call == null || call.id() == null || call.function() == null || call.function().name() == null) {
                            errors.add(field + ".tool_calls", "each needs an id and a function name");
                            continue;
                        }
                        toolNamesByCallId.put(call.id(), call.function().name());
                        calls.add(ToolExecutionRequest.builder().id(call.id()).name(call.function().name())
                                .arguments(call.function().arguments() == null ? "{}" : call.function().arguments()).build());
                    }
                    if (text == null && calls.isEmpty()) {
                        errors.add(field, "an assistant message needs content or tool_calls");
                    } else {
                        messages.add(calls.isEmpty() ? AiMessage.from(text) : AiMessage.builder().text(text)
                                .toolExecutionRequests(calls).build());
                    }
                }
                case "tool" -> {
                    String name = m.toolCallId() == null ? null : toolNamesByCallId.get(m.toolCallId());
                    if (name == null) {
                        errors.add(field + ".tool_call_id",
                                "must name a tool call of an earlier assistant message");
                    } else {
                        messages.add(ToolExecutionResultMessage.from(m.toolCallId(), name, text == null ? "" : text));
                    }
                }
                default -> errors.add(field + ".role",
                        "must be one of: system, developer, user, assistant, tool");
            }
        }
        return messages;
    }

    /** A string, or an array of {@code text} parts (joined); other part types are not supported. */
    private static String text(JsonNode content, String field, FieldChecks errors) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (content.isArray()) {
            StringBuilder joined = new StringBuilder();
            for (int i = 0; i < content.size(); i++) {
                JsonNode part = content.get(i);
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    errors.add(field + "[" + i + "]", "only parts of type 'text' are supported");
                    return null;
                }
                joined.append(part.get("text").textValue());
            }
            return joined.toString();
        }
        errors.add(field, "must be a string or an array of text parts");
        return null;
    }

    private static String required(String text, String field, FieldChecks errors) {
        if (text == null) {
            errors.add(field + ".content", "is required");
            return "";
        }
        return text;
    }

    private static List<ToolSpecification> tools(List<ChatCompletionWire.Tool> wire, FieldChecks errors) {
        if (wire == null) {
            return List.of();
        }
        List<ToolSpecification> tools = new ArrayList<>(wire.size());
        for (int i = 0; i < wire.size(); i++) {
            ChatCompletionWire.Tool tool = wire.get(i);
            String field = "tools[" + i + "]";
            if (tool == null || !"function".equals(tool.type()) || tool.function() == null || !tool.function().isObject()) {
                errors.add(field, "must be {\"type\": \"function\", \"function\": {...}}");
                continue;
            }
            if (!tool.function().path("name").asText("").matches("[A-Za-z0-9_-]{1,64}")) {
                errors.add(field + ".function.name", "must be 1-64 letters, digits, '_' or '-'");
                continue;
            }
            try {
                tools.add(ToolSpecificationJsonUtils.fromJson(tool.function().toString()));
            } catch (RuntimeException e) {
                errors.add(field + ".function.parameters", "must be a JSON Schema of type object");
            }
        }
        return tools;
    }

    private static void toolChoice(JsonNode choice, List<ToolSpecification> tools,
            DefaultChatRequestParameters.Builder<?> parameters, FieldChecks errors) {
        parameters.toolSpecifications(tools);
        if (choice == null || choice.isNull()) {
            return;
        }
        if (choice.isTextual()) {
            switch (choice.textValue()) {
                case "auto" -> parameters.toolChoice(ToolChoice.AUTO);
                case "none" -> parameters.toolChoice(ToolChoice.NONE);
                case "required" -> parameters.toolChoice(ToolChoice.REQUIRED);
                default -> errors.add("tool_choice", "must be auto, none, required or a function");
            }
            return;
        }
        String name = choice.path("function").path("name").asText(null);
        List<ToolSpecification> only = tools.stream().filter(t -> t.name().equals(name)).toList();
        if (!"function".equals(choice.path("type").asText()) || only.isEmpty()) {
            errors.add("tool_choice", "must name one of the request's tools");
            return;
        }
        // One named function: offer only it, and require a call.
        parameters.toolSpecifications(only).toolChoice(ToolChoice.REQUIRED);
    }

    private static ResponseFormat responseFormat(JsonNode format, FieldChecks errors) {
        if (format == null || format.isNull()) {
            return null;
        }
        switch (format.path("type").asText()) {
            case "text":
                return ResponseFormat.TEXT;
            case "json_object":
                return ResponseFormat.JSON;
            case "json_schema":
                JsonNode schema = format.path("json_schema");
                if (!schema.path("schema").isObject()) {
                    errors.add("response_format.json_schema.schema", "must be a JSON Schema object");
                    return null;
                }
                return ResponseFormat.builder().type(ResponseFormatType.JSON)
                        .jsonSchema(JsonSchema.builder().name(schema.path("name").asText("response"))
                                .rootElement(JsonRawSchema.from(schema.get("schema").toString())).build())
                        .build();
            default:
                errors.add("response_format.type", "must be text, json_object or json_schema");
                return null;
        }
    }

    private static List<String> stop(JsonNode stop, FieldChecks errors) {
        if (stop == null || stop.isNull()) {
            return null;
        }
        if (stop.isTextual()) {
            return List.of(stop.textValue());
        }
        boolean allText = true;
        for (JsonNode s : stop) {
            allText &= s.isTextual();
        }
        if (stop.isArray() && stop.size() <= 4 && allText) { // a null or a number is not a stop sequence
            List<String> sequences = new ArrayList<>();
            stop.forEach(s -> sequences.add(s.asText()));
            return sequences;
        }
        errors.add("stop", "must be a string or up to 4 strings");
        return null;
    }

    private static List<ChatCall.Passage> passages(List<ChatCompletionWire.Document> documents, FieldChecks errors) {
        if (documents == null) {
            return List.of();
        }
        if (documents.size() > MAX_DOCUMENTS) {
            errors.add("documents", "at most " + MAX_DOCUMENTS);
            return List.of();
        }
        List<ChatCall.Passage> passages = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            ChatCompletionWire.Document d = documents.get(i);
            if (d == null || d.text() == null || d.text().isBlank()) {
                errors.add("documents[" + i + "].text", "is required");
            } else {
                passages.add(new ChatCall.Passage(d.id() != null ? d.id() : Integer.toString(i + 1), d.title(), d.text(),
                        null));
            }
        }
        return passages;
    }

    private static void range(FieldChecks errors, String field, Double value, double min, double max) {
        if (value != null && (value < min || value > max)) {
            errors.add(field, "must be between " + min + " and " + max);
        }
    }

    /**
     * The body an OpenAI-compatible provider gets for a checked request without passages (see {@link #toCall}): the
     * client's, without Parley's {@code documents}, and with each message's text parts joined into one string as
     * LangChain4j sends them, so both paths send the same.
     */
    static ObjectNode forProvider(ObjectNode request) {
        request.remove("documents");
        for (JsonNode message : request.path("messages")) {
            JsonNode content = message.path("content");
            if (content.isArray() && message instanceof ObjectNode object) {
                StringBuilder joined = new StringBuilder();
                content.forEach(part -> joined.append(part.path("text").asText("")));
                object.put("content", joined.toString());
            }
        }
        return request;
    }

    static ChatCompletionWire.Completion toCompletion(ChatResult result, long created) {
        AiMessage message = result.message();
        List<ChatCompletionWire.ToolCall> calls = message.toolExecutionRequests().stream()
                .map(r -> new ChatCompletionWire.ToolCall(r.id(), "function",
                        new ChatCompletionWire.FunctionCall(r.name(), r.arguments())))
                .toList();
        return new ChatCompletionWire.Completion(result.id(), "chat.completion", created, result.model(),
                List.of(new ChatCompletionWire.Choice(0, new ChatCompletionWire.AssistantMessage("assistant", message.text(),
                        calls, null), null, finishReason(result.finishReason()))),
                usage(result), sources(result));
    }

    static ChatCompletionWire.Usage usage(ChatResult result) {
        return new ChatCompletionWire.Usage(result.promptTokens(), result.completionTokens(),
                result.promptTokens() + result.completionTokens());
    }

    static List<ChatCompletionWire.Source> sources(ChatResult result) {
        return result.sources().isEmpty() ? null : result.sources().stream()
                .map(s -> new ChatCompletionWire.Source("knowledge_base", s.id(), s.id(), s.title(), excerpt(s.text()),
                        s.score())).toList();
    }

    private static String excerpt(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    static String finishReason(FinishReason reason) {
        return switch (reason) {
            case LENGTH -> "length";
            case TOOL_EXECUTION -> "tool_calls";
            case CONTENT_FILTER -> "content_filter";
            default -> "stop";
        };
    }

    private ChatCompletionMapper() {
    }
}
