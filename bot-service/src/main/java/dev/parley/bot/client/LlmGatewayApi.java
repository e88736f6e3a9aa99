package dev.parley.bot.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** llm-gateway's catalogue, called with bot-service's own client-credentials token. */
@RegisterRestClient(configKey = "llm-gateway")
@OidcClientFilter
@Path("/v1/models")
interface LlmGatewayApi {

    @GET
    @Path("/providers")
    Providers providers();

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Providers(List<Provider> data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Provider(String id, Attributes attributes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Attributes(boolean anyModel, List<String> models) {
    }
}
