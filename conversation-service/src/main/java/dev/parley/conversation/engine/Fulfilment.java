package dev.parley.conversation.engine;

import java.util.List;
import java.util.Optional;

/**
 * A bot's fulfilment webhook (Tiledesk's {@code webhook_url} with {@code webhook_enabled}): the answer a keyword rule
 * (an intent) decided is sent there first, and what the webhook answers is sent instead.
 */
public interface Fulfilment {

    /**
     * The replies that replace {@code answer}; empty when the webhook keeps it (an empty answer). Throws when the
     * webhook cannot be reached or answers badly: the engine then sends the rule's own answer.
     */
    Optional<List<Reply>> fulfil(CompiledBot bot, EngineInput input, SessionState session, String intent, Reply answer);
}
