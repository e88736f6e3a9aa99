package dev.parley.llm.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * OpenAI's chat completions wire format, as far as Parley serves it, plus one extension: {@code documents}
 * (knowledge passages, as in vLLM's API) in the request and {@code sources} in the answer.
 */
final class ChatCompletionWire {

    record Request(
            String model,
            List<Message> messages,
            Double temperature,
            @JsonProperty("top_p") Double topP,
            @JsonProperty("max_tokens") Integer maxTokens,
            @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
            Boolean stream,
            @JsonProperty("stream_options") StreamOptions streamOptions,
            JsonNode stop,
            Integer n,
            @JsonProperty("frequency_penalty") Double frequencyPenalty,
            @JsonProperty("presence_penalty") Double presencePenalty,
            List<Tool> tools,
            @JsonProperty("tool_choice") JsonNode toolChoice,
            @JsonProperty("response_format") JsonNode responseFormat,
            List<Document> documents) {
    }

    record Message(String role, JsonNode content, String name, @JsonProperty("tool_calls") List<ToolCall> toolCalls,
            @JsonProperty("tool_call_id") String toolCallId) {
    }

    record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
    }

    record Tool(String type, JsonNode function) {
    }

    record Document(String id, String title, String text) {
    }

    record ToolCall(String id, String type, FunctionCall function) {
    }

    record FunctionCall(String name, String arguments) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Completion(String id, String object, long created, String model, List<Choice> choices, Usage usage,
            List<Source> sources) {
    }

    record Choice(int index, AssistantMessage message, Object logprobs, @JsonProperty("finish_reason") String finishReason) {
    }

    record AssistantMessage(String role, String content,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) @JsonProperty("tool_calls") List<ToolCall> toolCalls,
            String refusal) {
    }

    record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {
    }

    /** {@code documentId} repeats {@code id} for clients that read knowledge-base sources by that name. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Source(String type, String id, String documentId, String title, String excerpt, Double score) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices, Usage usage,
            List<Source> sources) {
    }

    record ChunkChoice(int index, Delta delta, Object logprobs, @JsonProperty("finish_reason") String finishReason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String role, String content, @JsonProperty("tool_calls") List<ToolCallDelta> toolCalls) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolCallDelta(int index, String id, String type, FunctionCall function) {
    }

    record StreamError(Error error) {

        record Error(String message, String type, String code) {
        }
    }

    private ChatCompletionWire() {
    }
}
