package dev.parley.bot.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.platform.security.KeycloakIdentityAugmentor;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** conversation-service's engine, called with bot-service's client-credentials token for the named tenant. */
@RegisterRestClient(configKey = "conversation-service")
@OidcClientFilter
@Path("/")
interface ConversationServiceApi {

    @POST
    @Path("/v1/sessions/dry-run")
    Single dryRun(@HeaderParam(KeycloakIdentityAugmentor.TENANT_HEADER) String tenantId, DryRun request);

    /** Internal: how many of the bot's conversations are open or queued, which a deactivation hands over. */
    @GET
    @Path("/internal/bots/{id}/open-conversations")
    Single openConversations(@HeaderParam(KeycloakIdentityAugmentor.TENANT_HEADER) String tenantId,
            @PathParam("id") String botId);

    /** {@code minVersion}: the bot's version the engine must run (it asks bot-service for newer ones it lacks). */
    record DryRun(String botId, long minVersion, String message, Context context) {
    }

    record Context(List<Map<String, Object>> history, Map<String, Object> metadata) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Single(JsonNode data) {
    }
}
