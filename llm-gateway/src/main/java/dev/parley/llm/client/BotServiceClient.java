package dev.parley.llm.client;

import dev.parley.platform.rest.OtherService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Whether a bot or knowledge base named in a request body belongs to the caller's tenant, asked of bot-service (which
 * owns both) for that tenant: another tenant's object is simply not found there, as a missing one is.
 */
@ApplicationScoped
public class BotServiceClient {

    private final BotServiceApi api;

    public BotServiceClient(@RestClient BotServiceApi api) {
        this.api = api;
    }

    public boolean botExists(String tenantId, String botId) {
        return exists("bot " + botId, () -> api.bot(botId, tenantId));
    }

    public boolean knowledgeBaseExists(String tenantId, String knowledgeBaseId) {
        return exists("knowledge base " + knowledgeBaseId, () -> api.knowledgeBase(knowledgeBaseId, tenantId));
    }

    /** Asked as every service asks another ({@link OtherService#has}): 200 is a yes, 404 a no, anything else a 503. */
    private static boolean exists(String what, Supplier<Response> call) {
        return OtherService.has("bot-service", what, () -> {
            try (Response response = call.get()) {
                if (response.getStatus() != 200) {
                    throw new WebApplicationException(response.getStatus());
                }
                return true;
            }
        });
    }
}
