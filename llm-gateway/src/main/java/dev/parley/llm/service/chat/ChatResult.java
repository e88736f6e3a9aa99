package dev.parley.llm.service.chat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.output.FinishReason;
import java.util.List;

/** A finished chat call: who answered, the answer, what it used, and the passages it rests on. */
public record ChatResult(String id, String provider, String model, AiMessage message, FinishReason finishReason,
        int promptTokens, int completionTokens, List<Source> sources) {

    /** A passage the answer is grounded on: its id (a knowledge-base document's), title, text and similarity. */
    public record Source(String id, String title, String text, Double score) {
    }
}
