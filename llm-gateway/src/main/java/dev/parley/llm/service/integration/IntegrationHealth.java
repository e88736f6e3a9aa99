package dev.parley.llm.service.integration;

import dev.parley.llm.Integration;
import dev.parley.llm.config.ChatConfig;
import dev.parley.llm.messaging.GatewayEvents;
import dev.parley.llm.repository.IntegrationRepository;
import dev.parley.llm.service.chat.ModelRouter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Counts the calls that fail in a row through each integration. When the count reaches
 * {@code parley.chat.failures-before-alert}, {@code integration.failed} is published once; a success starts over.
 * Each change is its own transaction, so it is kept whatever happens to the call that caused it.
 */
@ApplicationScoped
public class IntegrationHealth {

    private final IntegrationRepository integrations;
    private final GatewayEvents events;
    private final ChatConfig config;
    private final ModelRouter router;

    public IntegrationHealth(IntegrationRepository integrations, GatewayEvents events, ChatConfig config, ModelRouter router) {
        this.integrations = integrations;
        this.events = events;
        this.config = config;
        this.router = router;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failed(Integration integration, String error) {
        Instant now = Instant.now();
        int failures = integrations.countFailure(integration.id, error, now);
        router.forget(integration.tenantId);
        if (failures == config.failuresBeforeAlert()) {
            events.integrationFailed(integration, failures, error, now);
        }
    }

    /** A call succeeded: nothing to do (and no transaction) unless the integration was failing when loaded. */
    public void succeeded(Integration integration) {
        if (integration.consecutiveFailures > 0) {
            reset(integration.id);
            router.forget(integration.tenantId);
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void reset(String integrationId) {
        integrations.resetFailures(integrationId);
    }
}
