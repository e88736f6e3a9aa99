package dev.parley.conversation.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** llm-gateway's OpenAI-compatible completions, called with conversation-service's client-credentials token. */
@RegisterRestClient(configKey = "llm-gateway")
@OidcClientFilter
@Path("/v1/chat/completions")
interface LlmGatewayApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode complete(@HeaderParam("X-Parley-Tenant-Id") String tenantId, @HeaderParam("X-Parley-Bot-Id") String botId,
            @HeaderParam("X-Parley-Conversation-Id") String conversationId,
            @HeaderParam("X-Parley-Knowledge-Base-Id") String knowledgeBaseId, JsonNode request);
}
