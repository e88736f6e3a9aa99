package dev.parley.bot.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.OtherService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * conversation-service as bot-service uses it: the engine's dry run behind {@code POST /v1/bots/{id}/test}. Called
 * with bot-service's Keycloak client-credentials token, acting for the caller's tenant; conversation-service being
 * unreachable or failing is a 503 {@code CONVERSATION_SERVICE_UNAVAILABLE}, never a 500.
 */
@ApplicationScoped
public class ConversationServiceClient {

    private static final Logger LOG = Logger.getLogger(ConversationServiceClient.class);

    private final ConversationServiceApi api;

    public ConversationServiceClient(@RestClient ConversationServiceApi api) {
        this.api = api;
    }

    /**
     * The engine's answer to {@code message} for the bot at {@code version} or newer (conversation-service catches up
     * with bot-service when it has an older one): {@code {response: {content, confidence, intent, sources}, usage,
     * latency, messages, handoff, queued}}.
     */
    public JsonNode dryRun(String tenantId, String botId, long version, String message,
            List<Map<String, Object>> history, Map<String, Object> metadata) {
        try {
            return api.dryRun(tenantId, new ConversationServiceApi.DryRun(botId, version, message,
                    new ConversationServiceApi.Context(history, metadata))).data();
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            LOG.warnf("conversation-service answered %d to the dry run of bot %s", status, botId);
            if (status == 404) {
                throw ProblemException.notFound("BOT_NOT_FOUND", "Bot " + botId + " does not exist.");
            }
            throw unavailable();
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("conversation-service unreachable for the dry run of bot %s: %s", botId, e.getMessage());
            throw unavailable();
        }
    }

    /** The bot's open (or queued) conversations now: what a deactivation with {@code transferTo} hands over. */
    public int openConversations(String tenantId, String botId) {
        return OtherService.answer("conversation-service", "count the conversations to hand over",
                () -> api.openConversations(tenantId, botId).data().path("count").asInt());
    }

    private static ProblemException unavailable() {
        return OtherService.unavailable("conversation-service", "test the bot");
    }
}
