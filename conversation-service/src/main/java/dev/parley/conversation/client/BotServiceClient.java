package dev.parley.conversation.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * A bot's current snapshot straight from bot-service, for when this service meets a bot or channel its read model
 * does not have yet (or a bot it knows as inactive): the JSON {@code parley.bot-config} carries, with the same version.
 * For a bot, a 404 (no such bot) is empty; for a channel, bot-service's answer says which case it is
 * ({@link ChannelAnswer}). bot-service unreachable is empty (for a channel {@link ChannelAnswer.NoAnswer}) too,
 * logged, and the read model serves as it is.
 */
@ApplicationScoped
public class BotServiceClient {

    private static final Logger LOG = Logger.getLogger(BotServiceClient.class);

    /** bot-service's problem code for a channel that exists and serves no bot (its 409). */
    public static final String CHANNEL_NOT_BOUND = "CHANNEL_NOT_BOUND";

    /** What bot-service answers for a channel id. */
    public sealed interface ChannelAnswer {

        /** 200: the current snapshot of the bot the channel serves. */
        record Serving(String snapshot) implements ChannelAnswer {
        }

        /** 409 {@code CHANNEL_NOT_BOUND}: the channel exists and serves no bot (never bound, unbound, bot deleted). */
        record NotBound() implements ChannelAnswer {
        }

        /** 404: no such channel. */
        record Unknown() implements ChannelAnswer {
        }

        /** Unreachable, failing, or an answer this client does not know. */
        record NoAnswer() implements ChannelAnswer {
        }
    }

    private final BotServiceApi api;
    private final ObjectMapper json;

    public BotServiceClient(@RestClient BotServiceApi api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    public Optional<String> botSnapshot(String botId) {
        return fetch(() -> api.bot(botId), "bot " + botId);
    }

    public ChannelAnswer snapshotForChannel(String channelId) {
        String what = "channel " + channelId;
        try {
            String snapshot = api.channel(channelId);
            return snapshot == null ? new ChannelAnswer.NoAnswer() : new ChannelAnswer.Serving(snapshot);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return new ChannelAnswer.Unknown();
            }
            if (status == 409 && CHANNEL_NOT_BOUND.equals(problemCode(e))) {
                return new ChannelAnswer.NotBound();
            }
            LOG.warnf("bot-service answered %d for the snapshot of %s", status, what);
            return new ChannelAnswer.NoAnswer();
        } catch (RuntimeException e) {
            LOG.warnf("bot-service unreachable for the snapshot of %s: %s", what, e.getMessage());
            return new ChannelAnswer.NoAnswer();
        }
    }

    /** The {@code code} of the problem document bot-service answered ({@code Problem}); null if there is none. */
    private String problemCode(WebApplicationException e) {
        try {
            String body = e.getResponse().readEntity(String.class);
            return body == null ? null : json.readTree(body).path("code").textValue();
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
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
