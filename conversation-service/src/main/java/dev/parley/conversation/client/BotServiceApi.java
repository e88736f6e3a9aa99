package dev.parley.conversation.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** bot-service's internal snapshot catch-up, called with conversation-service's client-credentials token. */
@RegisterRestClient(configKey = "bot-service")
@OidcClientFilter
@Path("/internal/snapshots")
interface BotServiceApi {

    @GET
    @Path("/bots/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    String bot(@PathParam("id") String botId);

    @GET
    @Path("/channels/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    String channel(@PathParam("id") String channelId);
}
