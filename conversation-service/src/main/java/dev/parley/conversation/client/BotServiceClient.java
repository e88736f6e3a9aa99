package dev.parley.conversation.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * A bot's current snapshot straight from bot-service, for when this service meets a bot or channel its read model
 * does not have yet (or a bot it knows as inactive): the JSON {@code parley.bot-config} carries, with the same version.
 * A 404 (no such bot, channel serving none) is empty; bot-service unreachable is empty too, logged, and the read model
 * serves as it is.
 */
@ApplicationScoped
public class BotServiceClient {

    private static final Logger LOG = Logger.getLogger(BotServiceClient.class);

    private final BotServiceApi api;

    public BotServiceClient(@RestClient BotServiceApi api) {
        this.api = api;
    }

    public Optional<String> botSnapshot(String botId) {
        return fetch(() -> api.bot(botId), "bot " + botId);
    }

    public Optional<String> snapshotForChannel(String channelId) {
        return fetch(() -> api.channel(channelId), "channel " + channelId);
    }

    private static Optional<String> fetch(Supplier<String> call, String what) {
        try {
            return Optional.ofNullable(call.get());
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 404) {
                LOG.warnf("bot-service answered %d for the snapshot of %s", e.getResponse().getStatus(), what);
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warnf("bot-service unreachable for the snapshot of %s: %s", what, e.getMessage());
            return Optional.empty();
        }
    }
}
