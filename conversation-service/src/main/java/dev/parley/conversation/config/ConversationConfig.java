package dev.parley.conversation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** conversation-service's settings. */
@ConfigMapping(prefix = "parley.conversation")
public interface ConversationConfig {

    /** How many earlier messages an AI answer sees. */
    @WithDefault("10")
    int historySize();

    /** How many model/function-call rounds one AI answer may take. */
    @WithDefault("3")
    int maxFunctionRounds();

    /** How long a cached bot snapshot is trusted before its version is checked again (another replica may have applied a newer one). */
    @WithDefault("5s")
    Duration botCacheRevalidate();

    Delivery delivery();

    WhatsApp whatsapp();

    Telegram telegram();

    interface Delivery {
        /** Attempts per outbound message before it is marked failed. */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the first retry; doubles with each attempt. */
        @WithDefault("1s")
        Duration backoff();

        /** How often due retries and undecided messages are looked for. */
        @WithDefault("1s")
        String sweepEvery();

        /** Inbound messages not decided this long after arrival (a crash) are picked up again. */
        @WithDefault("30s")
        Duration recoverAfter();

        /** How often this replica writes its heartbeat (the liveness its delivery claims hang on). */
        @WithDefault("1s")
        String heartbeatEvery();

        /**
         * A replica whose heartbeat is older than this is dead: its claimed, unsent replies are taken over by
         * another (or its restarted) replica. Also how long a live replica's claim keeps other sweeps away.
         */
        @WithDefault("5s")
        Duration claimTimeout();
    }

    interface WhatsApp {
        /** The Graph API, version included. */
        @WithDefault("https://graph.facebook.com/v21.0")
        String graphUrl();
    }

    interface Telegram {
        @WithDefault("https://api.telegram.org")
        String apiUrl();
    }
}
