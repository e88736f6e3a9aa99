package dev.parley.llm.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** How chat completions reach providers: limits, time, retries, fallbacks and the retrieval provider. */
@ConfigMapping(prefix = "parley.chat")
public interface ChatConfig {

    /** One attempt's time limit: until the whole answer (or, streamed, until each next piece) has arrived. */
    @WithDefault("60s")
    Duration timeout();

    /** Attempts per model for a failure worth retrying (time-out, 429, 5xx) before the next fallback model. */
    @WithDefault("2")
    int attemptsPerModel();

    /** The wait before a retry grows from this, doubling each time, with up to 50% jitter. */
    @WithDefault("250ms")
    Duration retryBackoff();

    /** The largest answer accepted from a provider. */
    @WithDefault("16777216")
    long maxResponseBytes();

    /** Caps checked before any provider is called. */
    @WithDefault("400000")
    int maxInputCharacters();

    @WithDefault("256")
    int maxMessages();

    @WithDefault("128")
    int maxTools();

    @WithDefault("16384")
    int maxOutputTokens();

    /** Output tokens a request without {@code max_tokens} is assumed to use when checking the budget. */
    @WithDefault("1024")
    int assumedOutputTokens();

    /** Consecutive failed calls through one integration after which {@code integration.failed} is emitted. */
    @WithDefault("3")
    int failuresBeforeAlert();

    /** Where a provider is called when its integration names no base URL (set in application.properties). */
    Map<String, String> defaultBaseUrls();

    Retrieval retrieval();

    interface Retrieval {

        /** Cosine similarity (0–1) a passage must reach to be the answer. */
        @WithDefault("0.45")
        double threshold();

        @WithDefault("I could not find anything about that in the knowledge base.")
        String noMatchMessage();
    }
}
