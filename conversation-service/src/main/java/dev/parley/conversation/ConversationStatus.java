package dev.parley.conversation;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code open}: the bot answers; {@code queued}: the bot is inactive or outside business hours, the contact has had
 * the offline message and waits; {@code handed_off}: people answer, the bot is silent; {@code closed}.
 */
public enum ConversationStatus {
    @JsonProperty("open") OPEN,
    @JsonProperty("queued") QUEUED,
    @JsonProperty("handed_off") HANDED_OFF,
    @JsonProperty("closed") CLOSED
}
