package dev.parley.conversation.engine;

import dev.parley.events.bot.ApiFetch;
import java.util.Map;

/** {@code api_fetch} steps and {@code api} AI contexts: an HTTP call to a tenant's URL through the outbound guard. */
public interface ApiFetcher {

    /** {@code text}: the text at {@code messagePath} (or the whole body); {@code mapped}: the response mapping's values. */
    record Result(String text, Map<String, String> mapped) {
    }

    /** Throws when the call is refused or fails. */
    Result fetch(ApiFetch spec, Map<String, String> variables);
}
