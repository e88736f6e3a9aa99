package dev.parley.routing;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum AgentType {
    @JsonProperty("human") HUMAN,
    @JsonProperty("bot") BOT
}
