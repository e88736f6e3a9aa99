package dev.parley.bot.client;

import dev.parley.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * routing-service as bot-service uses it: whether an agent or team that a bot's configuration names is the tenant's
 * (routing-service owns them). Called with bot-service's Keycloak client-credentials token, acting for the caller's
 * tenant; routing-service being unreachable or failing is a 503 {@code ROUTING_SERVICE_UNAVAILABLE} with
 * {@code Retry-After}, never a 500, and never taken for a yes or a no.
 */
@ApplicationScoped
public class RoutingServiceClient {

    private static final Logger LOG = Logger.getLogger(RoutingServiceClient.class);

    private final RoutingServiceApi api;

    public RoutingServiceClient(@RestClient RoutingServiceApi api) {
        this.api = api;
    }

    /** Whether {@code agentId} is an agent of the tenant (false for another tenant's or an unknown one). */
    public boolean agentExists(String tenantId, String agentId) {
        return exists("agent " + agentId, () -> api.agent(tenantId, agentId));
    }

    /** Whether {@code teamId} is a team of the tenant (false for another tenant's or an unknown one). */
    public boolean teamExists(String tenantId, String teamId) {
        return exists("team " + teamId, () -> api.team(tenantId, teamId));
    }

    /**
     * Asked outside the caller's transaction (suspended meanwhile): otherwise it is carried to the client's I/O thread,
     * and a refused connection rolls it back while that thread still holds it.
     */
    private static boolean exists(String what, Supplier<RoutingServiceApi.Single> get) {
        Boolean found = QuarkusTransaction.suspendingExisting().call(() -> ask(what, get));
        if (found == null) {
            throw new ProblemException(503, "ROUTING_SERVICE_UNAVAILABLE", "Service unavailable",
                    "routing-service could not be reached to check the agent or team named; nothing was changed, "
                    + "retry shortly.", List.of(), Map.of("Retry-After", "5"));
        }
        return found;
    }

    /** routing-service's answer; null when it could not give one (what the runner throws, it wraps). */
    private static Boolean ask(String what, Supplier<RoutingServiceApi.Single> get) {
        try {
            RoutingServiceApi.Single found = get.get();
            return found != null && found.data() != null;
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return false;
            }
            LOG.warnf("routing-service answered %d when asked for %s", status, what);
            return null;
        } catch (RuntimeException e) {
            LOG.warnf("routing-service unreachable when asked for %s: %s", what, e.getMessage());
            return null;
        }
    }
}
