package dev.parley.conversation.engine;

import java.util.List;

/** A bot of {@code type: external}: the engine forwards the message to its URL and uses its reply. */
public interface ExternalBot {

    record Answer(List<Reply> replies, Outcome.Handoff handoff) {
    }

    /** Throws when the bot cannot be reached or answers badly. */
    Answer forward(CompiledBot bot, EngineInput input, SessionState session);
}
