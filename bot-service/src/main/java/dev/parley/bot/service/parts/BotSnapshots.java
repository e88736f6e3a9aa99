package dev.parley.bot.service.parts;

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
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.KeywordRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A bot as conversation-service runs it, assembled from everything it is built from. */
@ApplicationScoped
public class BotSnapshots {

    private final KeywordRuleRepository rules;
    private final AiContextRepository contexts;
    private final FlowRepository flows;
    private final ChannelRepository channels;

    public BotSnapshots(KeywordRuleRepository rules, AiContextRepository contexts, FlowRepository flows,
            ChannelRepository channels) {
        this.rules = rules;
        this.contexts = contexts;
        this.flows = flows;
        this.channels = channels;
    }

    /**
     * Read in the caller's transaction: the bot's rules and contexts (highest priority first), the flows it can start
     * (default, {@code flowIds}, those its rules start) and its channels.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public BotSnapshot of(Bot bot) {
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
