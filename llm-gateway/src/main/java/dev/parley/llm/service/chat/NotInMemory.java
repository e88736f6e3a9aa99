package dev.parley.llm.service.chat;

/**
 * A decision that was asked to be made from memory alone (on an event loop) needs the database: what is remembered of
 * the tenant is missing or stale. Nothing has been done yet; the caller makes the decision again where it may block.
 */
public final class NotInMemory extends RuntimeException {

    NotInMemory() {
        super("not in memory", null, false, false);
    }
}
