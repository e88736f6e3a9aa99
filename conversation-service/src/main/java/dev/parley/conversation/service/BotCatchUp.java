package dev.parley.conversation.service;

import dev.parley.conversation.client.BotServiceClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What a user has been told about is what the engine runs: a bot activated, a channel created or bound, answered 200
 * by bot-service, may not have reached this service's read model yet (its snapshot travels through the outbox and
 * Kafka). When the engine meets a channel or bot it does not have, or a bot it would answer as offline, it asks
 * bot-service for the snapshot as it stands now and applies it like one from Kafka (newest version wins).
 */
@ApplicationScoped
public class BotCatchUp {

    private static final Logger LOG = Logger.getLogger(BotCatchUp.class);

    private final BotServiceClient botService;
    private final BotConfigService configs;

    public BotCatchUp(BotServiceClient botService, BotConfigService configs) {
        this.botService = botService;
        this.configs = configs;
    }

    /** Applies the bot's current snapshot; true when bot-service had one, which the engine now runs (or a newer). */
    public boolean bot(String botId) {
        return apply(botService.botSnapshot(botId), "bot " + botId);
    }

    /** What bot-service knows of a channel this service has no binding for. */
    public enum ChannelState {
        /** It serves a bot, whose snapshot is applied (the engine now runs it, or a newer one). */
        SERVING,
        /** It exists and serves no bot: nothing to apply. */
        NOT_BOUND,
        /** No such channel. */
        UNKNOWN,
        /** bot-service could not say (unreachable, failing): the read model serves as it is. */
        NO_ANSWER
    }

    /** Applies the current snapshot of the bot the channel serves, when it serves one. */
    public ChannelState channel(String channelId) {
        return switch (botService.snapshotForChannel(channelId)) {
            case BotServiceClient.ChannelAnswer.Serving serving -> {
                apply(Optional.of(serving.snapshot()), "channel " + channelId);
                yield ChannelState.SERVING;
            }
            case BotServiceClient.ChannelAnswer.NotBound notBound -> ChannelState.NOT_BOUND;
            case BotServiceClient.ChannelAnswer.Unknown unknown -> ChannelState.UNKNOWN;
            case BotServiceClient.ChannelAnswer.NoAnswer none -> ChannelState.NO_ANSWER;
        };
    }

    private boolean apply(Optional<String> snapshot, String what) {
        if (snapshot.isEmpty()) {
            return false;
        }
        try {
            configs.catchUp(snapshot.get());
            LOG.debugf("Caught up with bot-service for %s", what);
        } catch (RuntimeException e) {
            // the same snapshot arriving from Kafka at this moment (committed by now) is as good
            LOG.warnf("Snapshot for %s from bot-service not applied: %s", what, e.getMessage());
        }
        return true;
    }
}
