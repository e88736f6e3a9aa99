package dev.parley.llm.service;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.List;

/**
 * One chat request as the gateway handles it, whoever sent it: the model as asked for (see {@link ModelRouter}),
 * the conversation so far, the model parameters and tools, knowledge passages to ground the answer on, and the
 * bot and conversation the call is billed to (either may be null).
 */
public record ChatCall(String model, List<ChatMessage> messages, ChatRequestParameters parameters, List<Passage> passages,
        String botId, String conversationId) {

    /** A knowledge passage: the retrieval provider answers with the best one; models get them as context. */
    public record Passage(String id, String title, String text) {
    }
}
