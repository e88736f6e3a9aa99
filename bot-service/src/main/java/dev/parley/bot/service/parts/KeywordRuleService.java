package dev.parley.bot.service.parts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.Bot;
import dev.parley.bot.BotKeywordRule;
import dev.parley.bot.repository.KeywordRuleRepository;
import dev.parley.bot.service.validation.ConfigDocuments;
import dev.parley.bot.service.validation.FieldChecks;
import dev.parley.bot.service.validation.ReplyButtons;
import dev.parley.bot.service.validation.TransferChecks;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bot's keyword rules (Whatomate's {@code /chatbot/keywords}). Regular expressions are compiled and probed on save;
 * every change republishes the bot's snapshot.
 */
@ApplicationScoped
public class KeywordRuleService {

    public static final String ID_PREFIX = "kwr";
    public static final int MAX_RULES_PER_BOT = 5_000;

    private final KeywordRuleRepository rules;
    private final BotChanges changes;
    private final ConfigDocuments documents;
    private final FlowReferences flowReferences;

    public KeywordRuleService(KeywordRuleRepository rules, BotChanges changes, ConfigDocuments documents,
            FlowReferences flowReferences) {
        this.rules = rules;
        this.changes = changes;
        this.documents = documents;
        this.flowReferences = flowReferences;
    }

    @Transactional
    public Page<BotKeywordRule> list(String botId, PageRequest page) {
        return rules.pageForBot(changes.owned(botId).id, page);
    }

    @Transactional
    public BotKeywordRule get(String botId, String id) {
        Bot bot = changes.owned(botId);
        return rules.findForBot(bot.tenantId, bot.id, id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public BotKeywordRule create(String botId, ObjectNode body) {
        Bot bot = changes.lockOwned(botId);
        if (rules.count("botId", bot.id) >= MAX_RULES_PER_BOT) {
            throw ProblemException.conflict("LIMIT_EXCEEDED", "A bot has at most " + MAX_RULES_PER_BOT + " keyword rules.");
        }
        KeywordRule definition = validated(bot.tenantId, documents.read(withDefaults(seedShape(body)), KeywordRule.class));
        BotKeywordRule rule = new BotKeywordRule();
        rule.id = Ids.generate(ID_PREFIX);
        rule.tenantId = bot.tenantId;
        rule.botId = bot.id;
        rule.define(definition);
        rule.createdAt = Instant.now();
        rule.updatedAt = rule.createdAt;
        rules.persist(rule);
        changes.republish(bot);
        return rule;
    }

    /** {@code replace}: PUT, the body is the whole rule; otherwise an RFC 7386 merge patch. */
    @Transactional
    public BotKeywordRule update(String botId, String id, ObjectNode body, boolean replace) {
        Bot bot = changes.lockOwned(botId);
        BotKeywordRule rule = rules.findForBot(bot.tenantId, bot.id, id).orElseThrow(() -> notFound(id));
        ObjectNode document = replace ? withDefaults(seedShape(body)) : documents.merged(rule.definition, seedShape(body));
        rule.define(validated(bot.tenantId, documents.read(document, KeywordRule.class)));
        rule.updatedAt = Instant.now();
        changes.republish(bot);
        return rule;
    }

    @Transactional
    public void delete(String botId, String id) {
        Bot bot = changes.lockOwned(botId);
        BotKeywordRule rule = rules.findForBot(bot.tenantId, bot.id, id).orElseThrow(() -> notFound(id));
        rules.delete(rule);
        changes.republish(bot);
    }

    /** Whatomate writes {@code "response_type": "text", "response": "..."}; Parley nests the response. */
    private ObjectNode seedShape(ObjectNode body) {
        ObjectNode doc = documents.camelCase(body);
        doc.remove("id");
        JsonNode response = doc.get("response");
        JsonNode type = doc.remove("responseType");
        if (response != null && response.isTextual()) {
            ObjectNode nested = doc.objectNode();
            nested.put("type", type != null && type.isTextual() ? type.textValue() : "text");
            nested.set("text", response);
            doc.set("response", nested);
        } else if (type != null && response != null && response.isObject() && !response.has("type")) {
            ((ObjectNode) response).set("type", type);
        }
        return doc;
    }

    private static ObjectNode withDefaults(ObjectNode doc) {
        if (!doc.hasNonNull("enabled")) {
            doc.put("enabled", true);
        }
        if (!doc.hasNonNull("matchType")) {
            doc.put("matchType", "contains");
        }
        return doc;
    }

    public KeywordRule validated(String tenantId, KeywordRule rule) {
        FieldChecks checks = new FieldChecks();
        checks.maxLength("name", rule.name(), 100);
        if (checks.required("keywords", rule.keywords())) {
            if (rule.matchType() == KeywordRule.MatchType.REGEX) {
                checks.maxItems("keywords", rule.keywords(), 100);
                for (int i = 0; i < rule.keywords().size(); i++) {
                    if (checks.required("keywords[" + i + "]", rule.keywords().get(i))) {
                        checks.regex("keywords[" + i + "]", rule.keywords().get(i));
                    }
                }
            } else {
                checks.phrases("keywords", rule.keywords(), 100);
            }
        }
        checks.required("matchType", rule.matchType());
        if (rule.priority() < -10_000 || rule.priority() > 10_000) {
            checks.add("priority", "must be between -10000 and 10000");
        }
        KeywordRule.Response response = completed(rule.response());
        Map<String, String> flowRefs = new LinkedHashMap<>();
        if (checks.required("response", response)) {
            checks.template("response.text", response.text(), 4096);
            switch (response.type()) {
                case TEXT -> checks.required("response.text", response.text());
                case BUTTONS -> {
                    checks.required("response.text", response.text());
                    ReplyButtons.check("response.buttons", response.buttons(), true, checks);
                }
                case FLOW -> {
                    if (checks.required("response.flowId", response.flowId())) {
                        flowRefs.put("response.flowId", response.flowId());
                    }
                }
                case TRANSFER -> TransferChecks.check("response.transferConfig", response.transferConfig(), checks);
            }
            if (response.type() != KeywordRule.ResponseType.BUTTONS && response.buttons() != null
                    && !response.buttons().isEmpty()) {
                ReplyButtons.check("response.buttons", response.buttons(), false, checks);
            }
        }
        checks.throwIfAny();
        flowReferences.requireExisting(tenantId, flowRefs);
        return new KeywordRule(null, rule.name(), rule.keywords(), rule.matchType(), response, rule.priority(), rule.enabled());
    }

    /** The response type follows from what is given when not said; buttons get ids. */
    private static KeywordRule.Response completed(KeywordRule.Response r) {
        if (r == null) {
            return null;
        }
        KeywordRule.ResponseType type = r.type();
        if (type == null) {
            type = r.flowId() != null ? KeywordRule.ResponseType.FLOW
                    : r.transferConfig() != null ? KeywordRule.ResponseType.TRANSFER
                    : r.buttons() != null && !r.buttons().isEmpty() ? KeywordRule.ResponseType.BUTTONS
                    : KeywordRule.ResponseType.TEXT;
        }
        return new KeywordRule.Response(type, r.text(), ReplyButtons.withIds(r.buttons()), r.flowId(), r.transferConfig());
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("KEYWORD_RULE_NOT_FOUND", "Keyword rule " + id + " does not exist.");
    }
}
