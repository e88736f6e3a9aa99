package dev.parley.bot.service.parts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.BotKeywordRule;
import dev.parley.bot.repository.KeywordRuleRepository;
import dev.parley.bot.service.validation.ConfigDocuments;
import dev.parley.bot.service.validation.ReplyButtons;
import dev.parley.bot.service.validation.SafeRegex;
import dev.parley.bot.service.validation.TransferChecks;
import dev.parley.bot.service.validation.TransferTargets;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.problem.FieldChecks;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bot's keyword rules (Whatomate's {@code /chatbot/keywords}). Regular expressions are compiled and probed on save;
 * every change republishes the bot's snapshot.
 */
@ApplicationScoped
public class KeywordRuleService extends BotPartService<BotKeywordRule, KeywordRule> {

    public static final String ID_PREFIX = "kwr";
    public static final int MAX_RULES_PER_BOT = 5_000;

    private final FlowReferences flowReferences;
    private final TransferTargets transferTargets;

    public KeywordRuleService(KeywordRuleRepository rules, BotChanges changes, ConfigDocuments documents,
            FlowReferences flowReferences, TransferTargets transferTargets) {
        super(rules, changes, documents, new Kind<>(ID_PREFIX, MAX_RULES_PER_BOT, "keyword rules", "KEYWORD_RULE_NOT_FOUND",
                "Keyword rule", BotKeywordRule::new), KeywordRule.class);
        this.flowReferences = flowReferences;
        this.transferTargets = transferTargets;
    }

    /** Whatomate writes {@code "response_type": "text", "response": "..."}; Parley nests the response. */
    @Override
    protected ObjectNode shape(ObjectNode body) {
        ObjectNode doc = documents.shaped(body);
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

    @Override
    protected ObjectNode withDefaults(ObjectNode doc) {
        ConfigDocuments.enabledByDefault(doc);
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
                        SafeRegex.check(checks, "keywords[" + i + "]", rule.keywords().get(i));
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
        Map<String, String> teams = new LinkedHashMap<>();
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
                case TRANSFER -> TransferChecks.check("response.transferConfig", response.transferConfig(), checks, teams);
            }
            if (response.type() != KeywordRule.ResponseType.BUTTONS && response.buttons() != null
                    && !response.buttons().isEmpty()) {
                ReplyButtons.check("response.buttons", response.buttons(), false, checks);
            }
        }
        checks.throwIfAny();
        flowReferences.requireExisting(tenantId, flowRefs);
        transferTargets.requireTeams(tenantId, teams);
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
}
