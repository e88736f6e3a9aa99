package dev.parley.bot.client;

import dev.parley.platform.rest.OtherService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * routing-service as bot-service uses it: whether an agent or team that a bot's configuration names is the tenant's
 * (routing-service owns them). Called with bot-service's Keycloak client-credentials token, acting for the caller's
 * tenant; routing-service being unreachable or failing is a 503 {@code ROUTING_SERVICE_UNAVAILABLE} with
 * {@code Retry-After} ({@link OtherService}).
 */
@ApplicationScoped
public class RoutingServiceClient {

    private static final String SERVICE = "routing-service";

    private final RoutingServiceApi api;

    public RoutingServiceClient(@RestClient RoutingServiceApi api) {
        this.api = api;
    }

    /** Whether {@code agentId} is an agent of the tenant (false for another tenant's or an unknown one). */
    public boolean agentExists(String tenantId, String agentId) {
        return OtherService.has(SERVICE, "agent " + agentId, () -> found(api.agent(tenantId, agentId)));
    }

    /** Whether {@code teamId} is a team of the tenant (false for another tenant's or an unknown one). */
    public boolean teamExists(String tenantId, String teamId) {
        return OtherService.has(SERVICE, "team " + teamId, () -> found(api.team(tenantId, teamId)));
    }

    private static boolean found(RoutingServiceApi.Single answer) {
        return answer != null && answer.data() != null;
    }
}
