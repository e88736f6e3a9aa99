package dev.parley.bot.service.parts;

import dev.parley.bot.ChannelConnection;
import dev.parley.bot.repository.BotRepository;
import dev.parley.bot.repository.ChannelRepository;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * A bot's snapshot as it stands now, for conversation-service when it meets a bot or channel its read model does not
 * have yet (the published snapshot is still on its way through the outbox and Kafka): the same snapshot, with the
 * same version, as {@code parley.bot-config} carries. Services only, for any tenant (an inbound message names a
 * channel, not a tenant).
 */
@ApplicationScoped
public class SnapshotCatchUp {

    private final BotRepository bots;
    private final ChannelRepository channels;
    private final BotSnapshots snapshots;

    public SnapshotCatchUp(BotRepository bots, ChannelRepository channels, BotSnapshots snapshots) {
        this.bots = bots;
        this.channels = channels;
        this.snapshots = snapshots;
    }

    @Transactional
    public Optional<BotSnapshot> ofBot(String botId) {
        return bots.findByIdOptional(botId).map(snapshots::of);
    }

    /**
     * The snapshot of the bot the channel serves. A channel that does not exist (or was deleted) is 404
     * {@code CHANNEL_NOT_FOUND}; one that exists and serves no bot (never bound, unbound, its bot deleted) is 409
     * {@code CHANNEL_NOT_BOUND}, so conversation-service can tell its sender which of the two it is.
     */
    @Transactional
    public BotSnapshot ofChannel(String channelId) {
        ChannelConnection channel = channels.findByIdOptional(channelId).orElseThrow(() ->
                ProblemException.notFound("CHANNEL_NOT_FOUND", "Channel " + channelId + " does not exist."));
        return Optional.ofNullable(channel.botId).flatMap(bots::findByIdOptional).map(snapshots::of).orElseThrow(() ->
                ProblemException.conflict("CHANNEL_NOT_BOUND", "Channel " + channelId + " exists and serves no bot."));
    }
}
