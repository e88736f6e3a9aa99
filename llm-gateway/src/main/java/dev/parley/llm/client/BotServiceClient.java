package dev.parley.llm.client;

import dev.parley.platform.problem.ProblemException;
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
        return exists(() -> api.bot(botId, tenantId));
    }

    public boolean knowledgeBaseExists(String tenantId, String knowledgeBaseId) {
        return exists(() -> api.knowledgeBase(knowledgeBaseId, tenantId));
    }

    private static boolean exists(Supplier<Response> call) {
        int status;
        try (Response response = call.get()) {
            status = response.getStatus();
        } catch (WebApplicationException e) {
            status = e.getResponse().getStatus();
        } catch (RuntimeException e) {
            throw unavailable();
        }
        if (status == 200) {
            return true;
        }
        if (status == 404) {
            return false;
        }
        throw unavailable();
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "BOT_SERVICE_UNAVAILABLE", "Bot service unavailable",
                "Could not check the bot or knowledge base with bot-service; try again.");
    }
}
