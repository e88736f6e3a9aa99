package dev.parley.llm.service.integration;

import dev.parley.llm.service.chat.ModelRouter;
import dev.parley.llm.Integration;
import dev.parley.llm.config.ChatConfig;
import dev.parley.llm.messaging.GatewayEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Counts the calls that fail in a row through each integration. When the count reaches
 * {@code parley.chat.failures-before-alert}, {@code integration.failed} is published once; a success starts over.
 * Each change is its own transaction, so it is kept whatever happens to the call that caused it.
 */
@ApplicationScoped
public class IntegrationHealth {

    private final EntityManager entityManager;
    private final GatewayEvents events;
    private final ChatConfig config;
    private final ModelRouter router;

    public IntegrationHealth(EntityManager entityManager, GatewayEvents events, ChatConfig config, ModelRouter router) {
        this.entityManager = entityManager;
        this.events = events;
        this.config = config;
        this.router = router;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failed(Integration integration, String error) {
        Instant now = Instant.now();
        int failures = ((Number) entityManager.createNativeQuery("""
                update integration set consecutive_failures = consecutive_failures + 1, last_error = ?1,
                       last_failure_at = ?2
                 where id = ?3 returning consecutive_failures""")
                .setParameter(1, error).setParameter(2, now).setParameter(3, integration.id)
                .getSingleResult()).intValue();
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
        entityManager.createNativeQuery("update integration set consecutive_failures = 0 where id = ?1")
                .setParameter(1, integrationId).executeUpdate();
    }
}
