package dev.parley.bot.service.parts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.BotAiContext;
import dev.parley.bot.repository.AiContextRepository;
import dev.parley.bot.service.validation.ApiFetchChecks;
import dev.parley.bot.service.validation.ConfigDocuments;
import dev.parley.events.bot.AiContext;
import dev.parley.platform.problem.FieldChecks;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A bot's AI contexts (Whatomate's {@code /chatbot/ai-contexts}): {@code static} content or an {@code api} fetch whose
 * URL must pass the outbound guard when saved. Every change republishes the bot's snapshot.
 */
@ApplicationScoped
public class AiContextService extends BotPartService<BotAiContext, AiContext> {

    public static final String ID_PREFIX = "aic";
    public static final int MAX_PER_BOT = 500;

    private final ApiFetchChecks apiFetch;

    public AiContextService(AiContextRepository contexts, BotChanges changes, ConfigDocuments documents,
            ApiFetchChecks apiFetch) {
        super(contexts, changes, documents, new Kind<>(ID_PREFIX, MAX_PER_BOT, "AI contexts", "AI_CONTEXT_NOT_FOUND",
                "AI context", BotAiContext::new), AiContext.class);
        this.apiFetch = apiFetch;
    }

    @Override
    protected ObjectNode withDefaults(ObjectNode doc) {
        ConfigDocuments.enabledByDefault(doc);
        if (!doc.hasNonNull("contextType")) {
            doc.put("contextType", doc.hasNonNull("apiFetch") ? "api" : "static");
        }
        return doc;
    }

    @Override
    public AiContext validated(String tenantId, AiContext context) {
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
}
