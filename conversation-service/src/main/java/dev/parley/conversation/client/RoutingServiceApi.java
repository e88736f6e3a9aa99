package dev.parley.conversation.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.platform.security.KeycloakIdentityAugmentor;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * routing-service's agents (its public API, which needs {@code routing:read}), called with conversation-service's
 * client-credentials token for the named tenant: another tenant's or an unknown id is a 404 there.
 */
@RegisterRestClient(configKey = "routing-service")
@OidcClientFilter
@Path("/")
interface RoutingServiceApi {

    @GET
    @Path("/v1/agents/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Single agent(@HeaderParam(KeycloakIdentityAugmentor.TENANT_HEADER) String tenantId, @PathParam("id") String agentId);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Single(JsonNode data) {
    }
}
