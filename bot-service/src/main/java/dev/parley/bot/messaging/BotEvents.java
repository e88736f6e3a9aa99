package dev.parley.bot.messaging;

import dev.parley.bot.ApiKey;
import dev.parley.bot.Bot;
import dev.parley.bot.ChannelConnection;
import dev.parley.bot.TrainingJob;
import dev.parley.events.Topics;
import dev.parley.events.apikey.ApiKeyEvent;
import dev.parley.events.bot.BotEvent;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.ChannelEvent;
import dev.parley.events.bot.TrainingEvent;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Everything bot-service announces, through the outbox in the changing transaction; the only class that builds its
 * events. A bot's full snapshot goes on {@code parley.bot-config} (the read model conversation-service runs bots from)
 * and its lifecycle, channel and training events on {@code parley.bots} (what webhooks and routing react to); keys
 * go on the compacted {@code parley.api-keys}.
 */
@ApplicationScoped
public class BotEvents {

    private final Outbox outbox;

    public BotEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    /** {@code snapshot}: the bot as it stands in this transaction. */
    public void changed(Bot bot, BotSnapshot snapshot, String type, BotEvent.Deactivation deactivation) {
        outbox.publish(new OutgoingEvent(Topics.BOT_CONFIG, bot.id, type, bot.tenantId, snapshot));
        outbox.publish(new OutgoingEvent(Topics.BOTS, bot.id, type, bot.tenantId,
                new BotEvent(bot.id, bot.tenantId, snapshot.withoutSecrets(), deactivation)));
    }

    /** A tombstone removes the bot from every read model; the event carries its last snapshot. */
    public void deleted(Bot bot, BotSnapshot lastSnapshot) {
        outbox.publish(new OutgoingEvent(Topics.BOT_CONFIG, bot.id, BotEvent.DELETED, bot.tenantId, null));
        outbox.publish(new OutgoingEvent(Topics.BOTS, bot.id, BotEvent.DELETED, bot.tenantId,
                new BotEvent(bot.id, bot.tenantId, lastSnapshot.withoutSecrets(), null)));
    }

    /** {@code botId}: the bot the channel is (or was) bound to, which keys the event; else the channel's own id. */
    public void channel(ChannelConnection channel, String type, String botId) {
        outbox.publish(new OutgoingEvent(Topics.BOTS, botId != null ? botId : channel.id, type, channel.tenantId,
                new ChannelEvent(channel.id, channel.tenantId, botId, channel.type, channel.name, channel.status,
                        channel.statusReason)));
    }

    public void training(TrainingJob job, String type) {
        outbox.publish(new OutgoingEvent(Topics.BOTS, job.botId, type, job.tenantId, new TrainingEvent(job.id, job.botId,
                job.tenantId, job.knowledgeBaseId, job.fullRetrain, job.documentsToProcess, job.documentsEmbedded, job.chunks,
                job.error)));
    }

    /** The current state of a key. */
    public void apiKey(ApiKey key) {
        String type = key.revokedAt == null ? ApiKeyEvent.ISSUED : ApiKeyEvent.REVOKED;
        outbox.publish(new OutgoingEvent(Topics.API_KEYS, key.id, type, key.tenantId,
                new ApiKeyEvent(key.id, key.tenantId, key.hash, key.scopes, key.plan, key.expiresAt, key.revokedAt)));
    }
}
