package dev.parley.conversation.client;

import dev.parley.platform.rest.OtherService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * routing-service as conversation-service uses it: whether the agent an agent's reply or a private note names is the
 * tenant's (routing-service owns agents). Called with conversation-service's Keycloak client-credentials token, acting
 * for the caller's tenant; routing-service being unreachable or failing is a 503 {@code ROUTING_SERVICE_UNAVAILABLE}
 * with {@code Retry-After} ({@link OtherService}).
 */
@ApplicationScoped
public class RoutingServiceClient {

    private final RoutingServiceApi api;

    public RoutingServiceClient(@RestClient RoutingServiceApi api) {
        this.api = api;
    }

    /** Whether {@code agentId} is an agent of the tenant (false for another tenant's or an unknown one). */
    public boolean agentExists(String tenantId, String agentId) {
        return OtherService.has("routing-service", "agent " + agentId, () -> {
            RoutingServiceApi.Single found = api.agent(tenantId, agentId);
            return found != null && found.data() != null;
        });
    }
}
