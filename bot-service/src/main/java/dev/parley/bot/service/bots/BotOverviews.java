package dev.parley.bot.service.bots;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.bot.Bot;
import dev.parley.bot.ChannelConnection;
import dev.parley.bot.repository.ChannelRepository;
import dev.parley.bot.repository.FlowRepository;
import dev.parley.bot.repository.KnowledgeBaseRepository;
import dev.parley.bot.repository.KnowledgeDocumentRepository;
import dev.parley.bot.repository.TrainingJobRepository;
import dev.parley.events.bot.Channel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bot object shows beside its definition (the Linktor seed): the knowledge base, default flow and channels it
 * references, by name, and its statistics summary from the activity projection. A list shows channels and statistics
 * only, read for the whole page at once.
 */
@ApplicationScoped
public class BotOverviews {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KnowledgeBaseRef(String id, String name, Long documentCount, Instant lastTrainedAt) {
    }

    public record FlowRef(String id, String name) {
    }

    public record ChannelRef(String id, String name, Channel.Type type) {
    }

    /** {@code knowledgeBase} and {@code flow} are null in list items and for a bot without them. */
    public record Overview(KnowledgeBaseRef knowledgeBase, FlowRef flow, List<ChannelRef> channels,
            BotStatsService.Summary stats) {
    }

    private final KnowledgeBaseRepository bases;
    private final KnowledgeDocumentRepository documents;
    private final TrainingJobRepository jobs;
    private final FlowRepository flows;
    private final ChannelRepository channels;
    private final BotStatsService stats;

    public BotOverviews(KnowledgeBaseRepository bases, KnowledgeDocumentRepository documents, TrainingJobRepository jobs,
            FlowRepository flows, ChannelRepository channels, BotStatsService stats) {
        this.bases = bases;
        this.documents = documents;
        this.jobs = jobs;
        this.flows = flows;
        this.channels = channels;
        this.stats = stats;
    }

    @Transactional
    public Overview of(Bot bot) {
        String kbId = bot.definition.knowledgeBaseId();
        KnowledgeBaseRef kb = kbId == null ? null : bases.findOwned(bot.tenantId, kbId)
                .map(b -> new KnowledgeBaseRef(b.id, b.name, documents.countOf(b.id), jobs.lastCompletedAt(b.id).orElse(null)))
                .orElse(null);
        String flowId = bot.definition.flowId();
        FlowRef flow = flowId == null ? null : flows.findOwned(bot.tenantId, flowId).map(f -> new FlowRef(f.id, f.name))
                .orElse(null);
        List<ChannelRef> bound = channels.boundTo(bot.id).stream().map(BotOverviews::ref).toList();
        return new Overview(kb, flow, bound, stats.summaries(List.of(bot.id)).get(bot.id));
    }

    /** The overviews of a page of the caller's bots, by bot id. */
    @Transactional
    public Map<String, Overview> ofList(List<Bot> page) {
        List<String> ids = page.stream().map(b -> b.id).toList();
        Map<String, List<ChannelRef>> byBot = new HashMap<>();
        for (ChannelConnection c : channels.boundToAny(ids)) {
            byBot.computeIfAbsent(c.botId, k -> new ArrayList<>()).add(ref(c));
        }
        Map<String, BotStatsService.Summary> summaries = stats.summaries(ids);
        Map<String, Overview> overviews = new HashMap<>();
        for (String id : ids) {
            overviews.put(id, new Overview(null, null, byBot.getOrDefault(id, List.of()), summaries.get(id)));
        }
        return overviews;
    }

    private static ChannelRef ref(ChannelConnection c) {
        return new ChannelRef(c.id, c.name, c.type);
    }
}
