package dev.parley.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum ConversationStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("handed_off") HANDED_OFF,
    @JsonProperty("closed") CLOSED
}
