package dev.parley.bot.service.parts;

import dev.parley.bot.ChannelConnection;
import dev.parley.bot.repository.BotRepository;
import dev.parley.bot.repository.ChannelRepository;
import dev.parley.events.bot.BotSnapshot;
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

    /** The snapshot of the bot the channel serves; empty for an unknown or unbound channel. */
    @Transactional
    public Optional<BotSnapshot> ofChannel(String channelId) {
        return channels.findByIdOptional(channelId).map((ChannelConnection c) -> c.botId)
                .flatMap(bots::findByIdOptional).map(snapshots::of);
    }
}
