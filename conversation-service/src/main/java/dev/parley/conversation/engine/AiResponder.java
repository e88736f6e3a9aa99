package dev.parley.conversation.engine;

import java.util.List;

/** Step 8: an answer from the bot's model through llm-gateway. */
public interface AiResponder {

    record Answer(String content, List<Reply.Source> sources, Outcome.Usage usage, Double confidence) {
    }

    /** The model's answer, with functions executed; throws when the gateway cannot answer. */
    Answer answer(CompiledBot bot, EngineInput input, List<String> contexts);
}
