package dev.parley.bot.service.bots;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.BotDefinition;
import dev.parley.bot.service.validation.DefinitionChecks;
import dev.parley.bot.service.validation.FunctionSchemas;
import dev.parley.bot.service.validation.JsonMergePatch;
import dev.parley.bot.service.validation.ReplyButtons;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.BotFunction;
import dev.parley.events.bot.BotType;
import dev.parley.platform.outbound.OutboundGuard;
import dev.parley.platform.outbound.OutboundRefusedException;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.JsonProblems;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns what a client sent into a valid {@link BotDefinition}: the request is merged over a starting
 * document (a template on create, the current definition on PATCH), read, completed (button ids) and
 * checked as a whole, so create and PATCH can never disagree about what a valid bot is.
 */
@ApplicationScoped
public class BotDefinitions {

    private final ObjectMapper json;
        private final ModelCatalogue catalog;
    private final FunctionSchemas schemas;
    private final OutboundGuard guard;

    public BotDefinitions(ObjectMapper json, ModelCatalogue catalog, FunctionSchemas schemas,
            OutboundGuard guard) {
        this.json = json;
        this.catalog = catalog;
        this.schemas = schemas;
        this.guard = guard;
    }

    public ObjectNode toDocument(BotDefinition definition) {
        return json.valueToTree(definition);
    }

    public BotDefinition merge(ObjectNode start, ObjectNode request) {
        ObjectNode merged = start.deepCopy();
        JsonMergePatch.apply(merged, request);
        BotDefinition definition;
        try {
            definition = json.treeToValue(merged, BotDefinition.class);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        }
        definition = completed(definition);
        check(definition);
        return definition;
    }

    private void check(BotDefinition bot) {
        FieldChecks errors = new FieldChecks();
        DefinitionChecks.check(bot, errors);
        if (bot.typeOrDefault() == BotType.INTERNAL && isBlank(bot.provider())) {
            errors.add("provider", "is required for internal bots");
        }
        if (bot.typeOrDefault() == BotType.EXTERNAL && isBlank(bot.url())) {
            errors.add("url", "is required for external bots");
        }
        checkHttpUrl("url", bot.url(), errors);
        checkHttpUrl("webhookUrl", bot.webhookUrl(), errors);
        if (Boolean.TRUE.equals(bot.webhookEnabled()) && isBlank(bot.webhookUrl())) {
            errors.add("webhookUrl", "is required when webhookEnabled is true");
        }
        if (bot.flowId() != null && bot.flowIds() != null && !bot.flowIds().contains(bot.flowId())) {
            errors.add("flowId", "must be one of flowIds");
        }
        checkBusinessHours(bot.behaviors(), errors);
        checkFunctions(bot.functions(), errors);
        errors.throwIfAny();
        checkProviderAndModel(bot);
    }

    private void checkProviderAndModel(BotDefinition bot) {
        if (bot.provider() == null) {
            return;
        }
        if (!catalog.knowsProvider(bot.provider())) {
            throw ProblemException.badRequest("INVALID_PROVIDER", "provider",
                    "Unsupported AI provider '" + bot.provider() + "'; one of: " + new TreeSet<>(catalog.providers()));
        }
        if (isBlank(bot.model())) {
            if (catalog.requiresModel(bot.provider())) {
                throw ProblemException.validation("model", "is required for provider " + bot.provider());
            }
            return;
        }
        catalog.rejectModel(bot.provider(), bot.model()).ifPresent(models -> {
            throw ProblemException.badRequest("INVALID_MODEL", "model", "Model '" + bot.model()
                    + "' is not available for provider " + bot.provider() + "; one of: " + new TreeSet<>(models));
        });
    }

    /** An address the platform will call (an external bot, the bot's webhook): refused now, as at call time. */
    private void checkHttpUrl(String field, String url, FieldChecks errors) {
        if (isBlank(url)) {
            return;
        }
        try {
            guard.check(url);
        } catch (OutboundRefusedException e) {
            errors.add(field, e.getMessage());
        }
    }

    private static void checkBusinessHours(BotBehaviors behaviors, FieldChecks errors) {
        if (behaviors == null || behaviors.businessHours() == null) {
            return;
        }
        BotBehaviors.BusinessHours hours = behaviors.businessHours();
        if (hours.timezone() != null) {
            try {
                ZoneId.of(hours.timezone());
            } catch (DateTimeException e) {
                errors.add("behaviors.businessHours.timezone", "must be an IANA time zone such as Europe/Rome");
            }
        }
        if (Boolean.TRUE.equals(hours.enabled())) {
            if (hours.timezone() == null) {
                errors.add("behaviors.businessHours.timezone", "is required when business hours are enabled");
            }
            if (hours.schedule() == null || hours.schedule().isEmpty()) {
                errors.add("behaviors.businessHours.schedule", "is required when business hours are enabled");
            }
        }
        if (hours.schedule() != null) {
            for (int i = 0; i < hours.schedule().size(); i++) {
                BotBehaviors.OpeningHours day = hours.schedule().get(i);
                if (day != null && day.open() != null && day.close() != null && day.open().compareTo(day.close()) >= 0) {
                    errors.add("behaviors.businessHours.schedule[" + i + "]", "open must be before close");
                }
            }
        }
    }

    private void checkFunctions(List<BotFunction> functions, FieldChecks errors) {
        if (functions == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < functions.size(); i++) {
            BotFunction function = functions.get(i);
            if (function == null) {
                continue;
            }
            if (function.name() != null && !names.add(function.name())) {
                errors.add("functions[" + i + "].name", "is used by another function");
            }
            if (function.parameters() != null) {
                for (String problem : schemas.problems(function.parameters())) {
                    errors.add("functions[" + i + "].parameters", problem);
                }
            }
            if (function.endpoint() == null) {
                errors.add("functions[" + i + "].endpoint", "is required: the HTTP endpoint that executes the function");
            } else if (function.endpoint().url() != null) {
                try {
                    guard.check(function.endpoint().url());
                } catch (OutboundRefusedException e) {
                    errors.add("functions[" + i + "].endpoint.url", e.getMessage());
                }
            }
        }
    }

    /**
     * What the platform fills in: the bot's type ({@code internal} unless said otherwise) and stable ids for
     * buttons the first time they are saved (ids a client chose are kept).
     */
    private static BotDefinition completed(BotDefinition bot) {
        BotBehaviors b = bot.behaviors();
        BotBehaviors behaviors = b == null ? null : withButtonIds(b);
        return new BotDefinition(bot.name(), bot.description(), bot.typeOrDefault(), bot.provider(), bot.model(), bot.url(),
                bot.language(), bot.attributes(), bot.isPublic(), bot.webhookUrl(), bot.webhookEnabled(), bot.config(),
                behaviors, bot.capabilities(), bot.functions(), bot.knowledgeBaseId(), bot.flowId(), bot.flowIds(),
                bot.channelIds());
    }

    private static BotBehaviors withButtonIds(BotBehaviors b) {
        BotBehaviors.Greeting greeting = b.greeting() == null ? null : new BotBehaviors.Greeting(
                b.greeting().enabled(), b.greeting().message(), ReplyButtons.withIds(b.greeting().buttons()));
        BotBehaviors.Fallback fallback = b.fallback() == null ? null : new BotBehaviors.Fallback(
                b.fallback().enabled(), b.fallback().message(), ReplyButtons.withIds(b.fallback().buttons()), b.fallback().maxRetries());
        return new BotBehaviors(greeting, fallback, b.handoff(), b.offlineMessage(), b.businessHours());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
