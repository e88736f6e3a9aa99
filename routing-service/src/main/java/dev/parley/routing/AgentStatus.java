package dev.parley.routing;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Only {@code accepting_chats} agents are assigned conversations automatically. */
public enum AgentStatus {
    @JsonProperty("accepting_chats") ACCEPTING_CHATS,
    @JsonProperty("not_accepting_chats") NOT_ACCEPTING_CHATS,
    @JsonProperty("offline") OFFLINE
}
