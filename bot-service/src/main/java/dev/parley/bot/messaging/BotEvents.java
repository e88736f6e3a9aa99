package dev.parley.bot.messaging;

import dev.parley.bot.Bot;
import dev.parley.bot.BotAiContext;
import dev.parley.bot.BotDefinition;
import dev.parley.bot.BotKeywordRule;
import dev.parley.bot.ChannelConnection;
import dev.parley.bot.ConversationFlow;
import dev.parley.bot.repository.AiContextRepository;
import dev.parley.bot.repository.ChannelRepository;
import dev.parley.bot.repository.FlowRepository;
import dev.parley.bot.repository.KeywordRuleRepository;
import dev.parley.events.Topics;
import dev.parley.events.bot.BotEvent;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Announces bot changes: the full snapshot on {@code parley.bot-config} (the read model conversation-service
 * runs bots from) and the lifecycle event on {@code parley.bots} (what webhooks and routing react to).
 */
@ApplicationScoped
public class BotEventPublisher {

    private final Outbox outbox;
    private final KeywordRuleRepository rules;
    private final AiContextRepository contexts;
    private final FlowRepository flows;
    private final ChannelRepository channels;

    public BotEventPublisher(Outbox outbox, KeywordRuleRepository rules, AiContextRepository contexts, FlowRepository flows,
            ChannelRepository channels) {
        this.outbox = outbox;
        this.rules = rules;
        this.contexts = contexts;
        this.flows = flows;
        this.channels = channels;
    }

    public void changed(Bot bot, String type, BotEvent.Deactivation deactivation) {
        BotSnapshot snapshot = snapshot(bot);
        outbox.publish(new OutgoingEvent(Topics.BOT_CONFIG, bot.id, type, bot.tenantId, snapshot));
        outbox.publish(new OutgoingEvent(Topics.BOTS, bot.id, type, bot.tenantId,
                new BotEvent(bot.id, bot.tenantId, snapshot.withoutSecrets(), deactivation)));
    }

    /** A tombstone removes the bot from every read model; the event carries its last snapshot. */
    public void deleted(Bot bot) {
        outbox.publish(new OutgoingEvent(Topics.BOT_CONFIG, bot.id, BotEvent.DELETED, bot.tenantId, null));
        outbox.publish(new OutgoingEvent(Topics.BOTS, bot.id, BotEvent.DELETED, bot.tenantId,
                new BotEvent(bot.id, bot.tenantId, snapshot(bot).withoutSecrets(), null)));
    }

    /**
     * The bot as conversation-service runs it, read in the caller's transaction: its rules and contexts (highest
     * priority first), the flows it can start (default, {@code flowIds}, those its rules start) and its channels.
     */
    public BotSnapshot snapshot(Bot bot) {
        BotDefinition d = bot.definition;
        List<KeywordRule> keywordRules = rules.allForBot(bot.id).stream().map(BotKeywordRule::published).toList();
        Set<String> flowIds = new LinkedHashSet<>();
        if (d.flowId() != null) {
            flowIds.add(d.flowId());
        }
        if (d.flowIds() != null) {
            flowIds.addAll(d.flowIds());
        }
        keywordRules.stream().filter(r -> r.response() != null && r.response().flowId() != null)
                .forEach(r -> flowIds.add(r.response().flowId()));
        List<Channel> bound = channels.boundTo(bot.id).stream().map(ChannelConnection::toChannel).toList();
        return new BotSnapshot(bot.id, bot.tenantId, bot.version, d.name(), d.description(), bot.status,
                d.typeOrDefault(), d.provider(), d.model(), d.url(), d.language(), d.attributes(),
                Boolean.TRUE.equals(d.isPublic()), d.webhookUrl(), Boolean.TRUE.equals(d.webhookEnabled()), d.config(),
                d.behaviors(), d.capabilities(), d.functions(), d.knowledgeBaseId(), d.flowId(), d.flowIds(),
                bound.stream().map(Channel::id).toList(), keywordRules,
                contexts.allForBot(bot.id).stream().map(BotAiContext::published).toList(),
                flows.findOwned(bot.tenantId, flowIds).stream().map(ConversationFlow::toFlow).toList(),
                bound, bot.createdAt, bot.updatedAt, bot.secretCiphertext);
    }
}
