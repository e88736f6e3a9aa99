package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum BotStatus {
    @JsonProperty("inactive") INACTIVE,
    @JsonProperty("active") ACTIVE,
    @JsonProperty("training") TRAINING,
    @JsonProperty("error") ERROR
}
