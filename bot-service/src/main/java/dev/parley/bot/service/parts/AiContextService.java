package dev.parley.bot.service.parts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.Bot;
import dev.parley.bot.BotAiContext;
import dev.parley.bot.repository.AiContextRepository;
import dev.parley.bot.service.validation.ApiFetchChecks;
import dev.parley.bot.service.validation.ConfigDocuments;
import dev.parley.bot.service.validation.FieldChecks;
import dev.parley.events.bot.AiContext;
import dev.parley.platform.id.Ids;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * A bot's AI contexts (Whatomate's {@code /chatbot/ai-contexts}): {@code static} content or an {@code api} fetch whose
 * URL must pass the outbound guard when saved. Every change republishes the bot's snapshot.
 */
@ApplicationScoped
public class AiContextService {

    public static final String ID_PREFIX = "aic";
    public static final int MAX_PER_BOT = 500;

    private final AiContextRepository contexts;
    private final BotChanges changes;
    private final ConfigDocuments documents;
    private final ApiFetchChecks apiFetch;

    public AiContextService(AiContextRepository contexts, BotChanges changes, ConfigDocuments documents,
            ApiFetchChecks apiFetch) {
        this.contexts = contexts;
        this.changes = changes;
        this.documents = documents;
        this.apiFetch = apiFetch;
    }

    @Transactional
    public Page<BotAiContext> list(String botId, PageRequest page) {
        return contexts.pageForBot(changes.owned(botId).id, page);
    }

    @Transactional
    public BotAiContext get(String botId, String id) {
        Bot bot = changes.owned(botId);
        return contexts.findForBot(bot.tenantId, bot.id, id).orElseThrow(() -> notFound(id));
    }

    @Transactional
    public BotAiContext create(String botId, ObjectNode body) {
        Bot bot = changes.lockOwned(botId);
        if (contexts.count("botId", bot.id) >= MAX_PER_BOT) {
            throw ProblemException.conflict("LIMIT_EXCEEDED", "A bot has at most " + MAX_PER_BOT + " AI contexts.");
        }
        AiContext definition = validated(documents.read(withDefaults(shape(body)), AiContext.class));
        BotAiContext context = new BotAiContext();
        context.id = Ids.generate(ID_PREFIX);
        context.tenantId = bot.tenantId;
        context.botId = bot.id;
        context.define(definition);
        context.createdAt = Instant.now();
        context.updatedAt = context.createdAt;
        contexts.persist(context);
        changes.republish(bot);
        return context;
    }

    @Transactional
    public BotAiContext update(String botId, String id, ObjectNode body, boolean replace) {
        Bot bot = changes.lockOwned(botId);
        BotAiContext context = contexts.findForBot(bot.tenantId, bot.id, id).orElseThrow(() -> notFound(id));
        ObjectNode document = replace ? withDefaults(shape(body)) : documents.merged(context.definition, shape(body));
        context.define(validated(documents.read(document, AiContext.class)));
        context.updatedAt = Instant.now();
        changes.republish(bot);
        return context;
    }

    @Transactional
    public void delete(String botId, String id) {
        Bot bot = changes.lockOwned(botId);
        BotAiContext context = contexts.findForBot(bot.tenantId, bot.id, id).orElseThrow(() -> notFound(id));
        contexts.delete(context);
        changes.republish(bot);
    }

    private ObjectNode shape(ObjectNode body) {
        ObjectNode doc = documents.camelCase(body);
        doc.remove("id");
        return doc;
    }

    private static ObjectNode withDefaults(ObjectNode doc) {
        if (!doc.hasNonNull("enabled")) {
            doc.put("enabled", true);
        }
        if (!doc.hasNonNull("contextType")) {
            doc.put("contextType", doc.hasNonNull("apiFetch") ? "api" : "static");
        }
        return doc;
    }

    public AiContext validated(AiContext context) {
        FieldChecks checks = new FieldChecks();
        checks.maxLength("name", context.name(), 100);
        checks.phrases("triggerKeywords", context.triggerKeywords(), 100);
        if (context.priority() < -10_000 || context.priority() > 10_000) {
            checks.add("priority", "must be between -10000 and 10000");
        }
        if (checks.required("contextType", context.contextType())) {
            switch (context.contextType()) {
                case STATIC -> {
                    checks.required("content", context.content());
                    checks.maxLength("content", context.content(), 20_000);
                    if (context.apiFetch() != null) {
                        checks.add("apiFetch", "is only for contextType api");
                    }
                }
                case API -> {
                    if (checks.required("apiFetch", context.apiFetch())) {
                        apiFetch.check("apiFetch", context.apiFetch(), checks);
                    }
                    checks.maxLength("content", context.content(), 20_000);
                }
            }
        }
        checks.throwIfAny();
        return new AiContext(null, context.name(), context.triggerKeywords(), context.contextType(), context.content(),
                apiFetch.normalized(context.apiFetch()), context.priority(), context.enabled());
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("AI_CONTEXT_NOT_FOUND", "AI context " + id + " does not exist.");
    }
}
