package dev.parley.llm.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Agent loops: what a loop may ask for, how executions run, and when an abandoned one is ended. */
@ConfigMapping(prefix = "parley.agent-loops")
public interface AgentLoopConfig {

    /** Executions one gateway runs at once; the others wait as {@code queued}. */
    @WithDefault("16")
    int maxConcurrent();

    /** How often a gateway confirms that it still works on its executions. */
    @WithDefault("10s")
    Duration heartbeat();

    /** A queued or running execution unconfirmed for this long was abandoned by a gateway that stopped. */
    @WithDefault("60s")
    Duration staleAfter();

    /** Tools per loop. */
    @WithDefault("20")
    int maxTools();

    /** One HTTP tool call's time limit (also bounded by what is left of the execution's time cap). */
    @WithDefault("30s")
    Duration toolTimeout();

    /** The largest answer accepted from an HTTP tool. */
    @WithDefault("1048576")
    long toolMaxResponseBytes();

    /** A tool's result is cut to this many characters before the model (and the trace) sees it. */
    @WithDefault("8000")
    int toolResultMaxChars();

    Caps defaults();

    Caps limits();

    /** Caps of a loop: model calls, tokens of all calls, and seconds of the whole execution. */
    interface Caps {

        int maxIterations();

        int maxTokens();

        int timeoutSeconds();
    }
}
