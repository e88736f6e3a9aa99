package dev.parley.routing;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum AssignmentStrategy {
    @JsonProperty("round_robin") ROUND_ROBIN,
    @JsonProperty("load_balanced") LOAD_BALANCED,
    @JsonProperty("manual") MANUAL
}
