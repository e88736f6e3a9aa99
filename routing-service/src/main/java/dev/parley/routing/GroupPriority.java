package dev.parley.routing;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An agent's routing priority in a team: {@code first} agents get conversations before {@code normal} ones,
 * {@code last} only when no other has a free slot; a {@code supervisor} is never assigned automatically.
 */
public enum GroupPriority {
    @JsonProperty("first") FIRST,
    @JsonProperty("normal") NORMAL,
    @JsonProperty("last") LAST,
    @JsonProperty("supervisor") SUPERVISOR
}
