package dev.parley.routing;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum TransferStatus {
    /** In its team's (or the general) queue, no agent yet. */
    @JsonProperty("waiting") WAITING,
    /** With an agent, counting against the agent's {@code maxChatsCount}. */
    @JsonProperty("assigned") ASSIGNED,
    /** Handed back to the bot. */
    @JsonProperty("resumed") RESUMED
}
