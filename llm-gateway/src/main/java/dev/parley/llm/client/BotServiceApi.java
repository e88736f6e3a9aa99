package dev.parley.llm.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.platform.security.KeycloakIdentityAugmentor;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** bot-service (bots, knowledge bases), called with the gateway's client-credentials token for the named tenant. */
@RegisterRestClient(configKey = "bot-service")
@OidcClientFilter
@Path("/v1")
interface BotServiceApi {

    @POST
    @Path("/knowledge-bases/{id}/query")
    JsonNode query(@PathParam("id") String knowledgeBaseId,
            @HeaderParam(KeycloakIdentityAugmentor.TENANT_HEADER) String tenantId, Query query);

    @GET
    @Path("/knowledge-bases/{id}")
    Response knowledgeBase(@PathParam("id") String knowledgeBaseId,
            @HeaderParam(KeycloakIdentityAugmentor.TENANT_HEADER) String tenantId);

    @GET
    @Path("/bots/{id}")
    Response bot(@PathParam("id") String botId, @HeaderParam(KeycloakIdentityAugmentor.TENANT_HEADER) String tenantId);

    record Query(String query, int topK) {
    }
}
