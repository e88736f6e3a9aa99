package dev.parley.bot.service.bots;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.Bot;
import dev.parley.bot.ConversationFlow;
import dev.parley.bot.repository.BotRepository;
import dev.parley.bot.repository.FlowRepository;
import dev.parley.bot.service.flows.FlowService;
import dev.parley.bot.service.parts.AiContextService;
import dev.parley.bot.service.parts.BotChanges;
import dev.parley.bot.service.parts.KeywordRuleService;
import dev.parley.events.bot.AiContext;
import dev.parley.events.bot.Flow;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.problem.JsonProblems;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tiledesk's export, import and fork. A bot travels as one JSON document: its definition, its keyword rules and AI
 * contexts (Parley's "intents") and the flows it uses, with the flows' ids serving only as references inside the
 * document. Knowledge bases and channels stay with their tenant: they are not exported.
 */
@ApplicationScoped
public class BotPortability {

    public static final int FORMAT_VERSION = 1;

    /** The exported document; {@code bot} is absent with {@code intentsOnly}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BotExport(Integer version, ObjectNode bot, List<KeywordRule> keywordRules, List<AiContext> aiContexts,
            List<Flow> flows) {
    }

    /** {@code replace}: the bot's rules and contexts are removed first; {@code overwrite}: same-name ones are replaced. */
    public record ImportMode(boolean replace, boolean overwrite) {
    }

    private final BotRepository bots;
    private final FlowRepository flows;
    private final BotDefinitions definitions;
    private final BotService botService;
    private final BotChanges changes;
    private final KeywordRuleService ruleService;
    private final AiContextService contextService;
    private final FlowService flowService;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    public BotPortability(BotRepository bots, FlowRepository flows, BotDefinitions definitions, BotService botService,
            BotChanges changes, KeywordRuleService ruleService, AiContextService contextService, FlowService flowService,
            CurrentCaller caller, ObjectMapper json) {
        this.json = json;
        this.bots = bots;
        this.flows = flows;
        this.definitions = definitions;
        this.botService = botService;
        this.changes = changes;
        this.ruleService = ruleService;
        this.contextService = contextService;
        this.flowService = flowService;
        this.caller = caller;
    }

    @Transactional
    public BotExport export(String botId, boolean intentsOnly) {
        return exportOf(changes.owned(botId), intentsOnly);
    }

    /** Creates a bot from a document (import with {@code create}). */
    @Transactional
    public Bot importAsNew(BotExport document) {
        if (document == null || document.bot() == null) {
            throw ProblemException.validation("bot", "is required to create a bot from the document");
        }
        checkVersion(document);
        Map<String, String> flowIds = createFlows(document.flows());
        ObjectNode bot = document.bot().deepCopy();
        remapBotFlows(bot, flowIds);
        Bot created = botService.create(bot).bot();
        addIntents(created, document, flowIds, new ImportMode(false, false));
        changes.republish(created);
        return created;
    }

    /** Imports the document's rules, contexts and flows into an existing bot of the caller. */
    @Transactional
    public Bot importInto(String botId, BotExport document, ImportMode mode) {
        if (document == null) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The request needs the exported JSON document as its body.");
        }
        checkVersion(document);
        Bot bot = changes.lockOwned(botId);
        importInto(bot, document, mode);
        return bot;
    }

    /**
     * Imports a file as uploaded: a Tiledesk export (it has {@code intents}) or Parley's own document. With {@code botId}
     * null it creates a bot.
     */
    @Transactional
    public Bot importFile(String botId, JsonNode file, ImportMode mode) {
        if (file == null || !file.isObject()) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The file must be a JSON object: a bot exported from Parley or Tiledesk.");
        }
        if (TiledeskIntents.isTiledesk(file)) {
            return importTiledesk(botId, file, mode);
        }
        BotExport document;
        try {
            document = json.treeToValue(file, BotExport.class);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        }
        return botId == null ? importAsNew(document) : importInto(botId, document, mode);
    }

    /** {@link #importFile} of an uploaded file's bytes. */
    @Transactional
    public Bot importFile(String botId, byte[] file, ImportMode mode) {
        try {
            return importFile(botId, json.readTree(file), mode);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        } catch (IOException e) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The uploaded file could not be read.");
        }
    }

    /**
     * A bot exported from Tiledesk ({@link TiledeskIntents}): with {@code botId} null a new bot, else its intents
     * imported into that bot, whose information (name, description, language, greeting, fallback, webhook) the file
     * also updates. The flows its forms become are added to the bot's flows.
     */
    @Transactional
    public Bot importTiledesk(String botId, JsonNode file, ImportMode mode) {
        TiledeskIntents.Translation translation = TiledeskIntents.translate(file);
        BotExport document = translation.export();
        List<String> formFlows = document.flows().stream().map(Flow::id).toList();
        if (botId == null) {
            if (!formFlows.isEmpty()) {
                formFlows.forEach(translation.bot().putArray("flowIds")::add);
            }
            return importAsNew(document);
        }
        Bot bot = changes.lockOwned(botId);
        Map<String, String> flowIds = importInto(bot, document, mode);
        ObjectNode patch = translation.bot().deepCopy();
        patch.remove(List.of("provider", "type", "url", "public"));
        if (!file.hasNonNull("name")) {
            patch.remove("name");
        }
        if (!formFlows.isEmpty()) {
            Set<String> all = new LinkedHashSet<>(bot.definition.flowIds() == null ? List.of() : bot.definition.flowIds());
            formFlows.forEach(id -> all.add(flowIds.get(id)));
            all.forEach(patch.putArray("flowIds")::add);
        }
        return botService.update(bot.id, patch).bot();
    }

    /** The document's rules, contexts and flows into {@code bot}; answers the document's flow ids mapped to the new ones. */
    private Map<String, String> importInto(Bot bot, BotExport document, ImportMode mode) {
        Map<String, String> flowIds = createFlows(document.flows());
        if (mode.replace()) {
            ruleService.deleteAll(bot);
            contextService.deleteAll(bot);
            flows.flush();
        }
        addIntents(bot, document, flowIds, mode);
        changes.republish(bot);
        return flowIds;
    }

    /**
     * Copies a bot into the caller's tenant: one of the caller's own bots, or another tenant's {@code public} bot. Another
     * tenant's private bot is not found, exactly like a missing one.
     */
    @Transactional
    public Bot fork(String botId, Boolean makePublic) {
        Bot source = bots.findByIdOptional(botId)
                .filter(b -> b.tenantId.equals(caller.tenantId()) || Boolean.TRUE.equals(b.definition.isPublic()))
                .orElseThrow(() -> BotChanges.botNotFound(botId));
        BotExport document = exportOf(source, false);
        document.bot().put("public", makePublic != null && makePublic);
        return importAsNew(document);
    }

    private BotExport exportOf(Bot bot, boolean intentsOnly) {
        List<KeywordRule> ruleList = ruleService.exported(bot.id);
        List<AiContext> contextList = contextService.exported(bot.id);
        Set<String> flowIds = new LinkedHashSet<>();
        if (bot.definition.flowId() != null) {
            flowIds.add(bot.definition.flowId());
        }
        if (bot.definition.flowIds() != null) {
            flowIds.addAll(bot.definition.flowIds());
        }
        ruleList.stream().filter(r -> r.response() != null && r.response().flowId() != null)
                .forEach(r -> flowIds.add(r.response().flowId()));
        List<Flow> flowList = flows.findOwned(bot.tenantId, flowIds).stream().map(ConversationFlow::toFlow).toList();
        ObjectNode definition = null;
        if (!intentsOnly) {
            definition = definitions.toDocument(bot.definition);
            definition.remove("knowledgeBaseId");
            definition.remove("channelIds");
        }
        return new BotExport(FORMAT_VERSION, definition, ruleList, contextList, flowList);
    }

    private static void checkVersion(BotExport document) {
        if (document.version() != null && document.version() != FORMAT_VERSION) {
            throw ProblemException.validation("version", "must be " + FORMAT_VERSION);
        }
    }

    /** Creates the document's flows in the caller's tenant; the answer maps the document's flow ids to the new ones. */
    private Map<String, String> createFlows(List<Flow> documentFlows) {
        Map<String, String> ids = new HashMap<>();
        if (documentFlows == null) {
            return ids;
        }
        if (documentFlows.size() > 100) {
            throw ProblemException.validation("flows", "must have at most 100 flows");
        }
        for (Flow flow : documentFlows) {
            String tenantId = caller.tenantId();
            ConversationFlow created = FlowService.newFlow(tenantId, flowService.validated(tenantId, flow));
            flows.persist(created);
            if (flow.id() != null) {
                ids.put(flow.id(), created.id);
            }
        }
        flows.flush();
        return ids;
    }

    private static void remapBotFlows(ObjectNode bot, Map<String, String> flowIds) {
        if (bot.hasNonNull("flowId")) {
            bot.put("flowId", flowIds.getOrDefault(bot.get("flowId").asText(), bot.get("flowId").asText()));
        }
        if (bot.get("flowIds") instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, array.textNode(flowIds.getOrDefault(array.get(i).asText(), array.get(i).asText())));
            }
        }
        bot.remove("knowledgeBaseId");
        bot.remove("channelIds");
    }

    private void addIntents(Bot bot, BotExport document, Map<String, String> flowIds, ImportMode mode) {
        List<KeywordRule> ruleList = document.keywordRules() == null ? List.of() : document.keywordRules();
        List<AiContext> contextList = document.aiContexts() == null ? List.of() : document.aiContexts();
        if (ruleList.size() > ruleService.maxPerBot() || contextList.size() > contextService.maxPerBot()) {
            throw ProblemException.validation("keywordRules", "too many rules or contexts for one bot");
        }
        List<KeywordRule> validRules = new ArrayList<>(ruleList.size());
        for (KeywordRule rule : ruleList) {
            KeywordRule.Response response = rule.response();
            if (response != null && response.flowId() != null) {
                response = new KeywordRule.Response(response.type(), response.text(), response.buttons(),
                        flowIds.getOrDefault(response.flowId(), response.flowId()), response.transferConfig());
            }
            validRules.add(ruleService.validated(bot.tenantId, new KeywordRule(null, rule.name(), rule.keywords(),
                    rule.matchType(), response, rule.priority(), rule.enabled())));
        }
        ruleService.importInto(bot, validRules, mode.overwrite());
        List<AiContext> validContexts = new ArrayList<>(contextList.size());
        for (AiContext context : contextList) {
            validContexts.add(contextService.validated(bot.tenantId, context));
        }
        contextService.importInto(bot, validContexts, mode.overwrite());
    }
}
