package dev.parley.bot.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * llm-gateway's embeddings, called with the caller's own credential: usage is the tenant's and counts against its
 * budget. When the caller is a Parley service acting for a tenant (llm-gateway asking for passages), the tenant
 * header names that tenant again; the gateway honours it for service tokens only.
 */
@RegisterRestClient(configKey = "llm-gateway-embeddings")
@Path("/v1/embeddings")
interface LlmEmbeddingsApi {

    @POST
    Embeddings embed(@HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Parley-Tenant-Id") String tenantId, @HeaderParam("X-Parley-Bot-Id") String botId,
            Request request);

    record Request(List<String> input, String model) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Embeddings(List<Item> data, String model) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(int index, float[] embedding) {
    }
}
