package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a transfer goes: {@code teamId} (null for the general queue) and notes for the agents, which may hold
 * {@code {{variable}}} placeholders filled from the session.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferConfig(String teamId, String notes) {
}
