package dev.parley.bot.messaging;

import dev.parley.bot.Bot;
import dev.parley.bot.service.BotDefinition;
import dev.parley.events.Topics;
import dev.parley.events.bot.BotEvent;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Announces bot changes: the full snapshot on {@code parley.bot-config} (the read model conversation-service
 * runs bots from) and the lifecycle event on {@code parley.bots} (what webhooks and routing react to).
 */
@ApplicationScoped
public class BotEventPublisher {

    private final Outbox outbox;

    public BotEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    public void changed(Bot bot, String type, BotEvent.Deactivation deactivation) {
        BotSnapshot snapshot = snapshot(bot);
        outbox.publish(new OutgoingEvent(Topics.BOT_CONFIG, bot.id, type, bot.tenantId, snapshot));
        outbox.publish(new OutgoingEvent(Topics.BOTS, bot.id, type, bot.tenantId,
                new BotEvent(bot.id, bot.tenantId, snapshot, deactivation)));
    }

    /** A tombstone removes the bot from every read model; the event carries its last snapshot. */
    public void deleted(Bot bot) {
        outbox.publish(new OutgoingEvent(Topics.BOT_CONFIG, bot.id, BotEvent.DELETED, bot.tenantId, null));
        outbox.publish(new OutgoingEvent(Topics.BOTS, bot.id, BotEvent.DELETED, bot.tenantId,
                new BotEvent(bot.id, bot.tenantId, snapshot(bot), null)));
    }

    static BotSnapshot snapshot(Bot bot) {
        BotDefinition d = bot.definition;
        return new BotSnapshot(bot.id, bot.tenantId, bot.version, d.name(), d.description(), bot.status,
                d.typeOrDefault(), d.provider(), d.model(), d.url(), d.language(), d.attributes(),
                Boolean.TRUE.equals(d.isPublic()), d.webhookUrl(), Boolean.TRUE.equals(d.webhookEnabled()), d.config(),
                d.behaviors(), d.capabilities(), d.functions(), d.knowledgeBaseId(), d.flowId(), d.flowIds(),
                d.channelIds(), null, null, null, null, bot.createdAt, bot.updatedAt);
    }
}
