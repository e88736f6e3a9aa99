package dev.parley.events.llm;

import dev.parley.events.Topics;
import java.time.Instant;

/**
 * A provider integration that failed {@code consecutiveFailures} calls in a row (published once when the count
 * reaches the gateway's alert threshold), on {@link Topics#LLM_INTEGRATIONS} with key tenant id; a tenant's webhooks
 * subscribe to it to learn that a key was revoked or a provider is down.
 */
public record IntegrationFailedEvent(String tenantId, String integrationId, String botId, String provider,
        int consecutiveFailures, String lastError, Instant failedAt) {

    public static final String TYPE = "integration.failed";
}
