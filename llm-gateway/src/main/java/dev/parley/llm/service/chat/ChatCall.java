package dev.parley.llm.service.chat;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.List;

/**
 * One chat request as the gateway handles it, whoever sent it: the model as asked for (see {@link ModelRouter}),
 * the conversation so far, the model parameters and tools, knowledge passages to ground the answer on, and the
 * bot and conversation the call is billed to (either may be null). With {@code knowledgeBaseId} and no passages,
 * the passages are looked up in that knowledge base for the last user message.
 */
public record ChatCall(String model, List<ChatMessage> messages, ChatRequestParameters parameters, List<Passage> passages,
        String botId, String conversationId, String knowledgeBaseId) {

    /** Without knowledge passages or a knowledge base. */
    public ChatCall(String model, List<ChatMessage> messages, ChatRequestParameters parameters, String botId,
            String conversationId) {
        this(model, messages, parameters, List.of(), botId, conversationId, null);
    }

    /**
     * A knowledge passage: the retrieval provider answers with the best one; models get them as context.
     * {@code score}: the knowledge base's similarity, when the passage came from one.
     */
    public record Passage(String id, String title, String text, Double score) {
    }

    public ChatCall withPassages(List<Passage> found) {
        return new ChatCall(model, messages, parameters, found, botId, conversationId, knowledgeBaseId);
    }
}
