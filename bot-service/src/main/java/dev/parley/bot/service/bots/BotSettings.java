package dev.parley.bot.service.bots;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.bot.Bot;
import dev.parley.bot.BotDefinition;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.BotConfig;
import dev.parley.events.bot.BotStatus;
import dev.parley.events.bot.Button;
import dev.parley.platform.problem.JsonProblems;
import dev.parley.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Whatomate's chatbot settings ({@code /chatbot/settings}) as a view of one bot: every setting is a field the bot's
 * definition or lifecycle already holds, read from there and written there (through {@link BotService}, so a change
 * is validated, stored and published like any other). Nothing is stored twice.
 */
@ApplicationScoped
public class BotSettings {

    /** The settings; on PUT every field is optional and what is left out stays as it is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Settings(
            String id,
            String accountId,
            Boolean chatbotEnabled,
            Boolean aiEnabled,
            String aiProvider,
            String aiModel,
            Double aiTemperature,
            Integer aiMaxTokens,
            String systemPrompt,
            String greetingMessage,
            List<Button> greetingButtons,
            String fallbackMessage,
            List<Button> fallbackButtons,
            Integer fallbackMaxRetries,
            List<String> transferKeywords,
            String transferMessage,
            Boolean businessHoursEnabled,
            String businessHoursTimezone,
            List<BotBehaviors.OpeningHours> businessHours,
            String offlineMessage) {
    }

    /** The provider of a bot that answers without AI (the engine's step 8 is skipped). */
    static final String NO_AI = "none";

    private final BotService bots;
    private final ObjectMapper json;

    public BotSettings(BotService bots, ObjectMapper json) {
        this.bots = bots;
        this.json = json;
    }

    @Transactional
    public Settings get(String botId) {
        return of(bots.get(botId));
    }

    /**
     * Applies the settings {@code body} names: a merge patch of the bot's definition, then activation or deactivation
     * for {@code chatbotEnabled}. {@code aiEnabled: false} makes the bot's provider {@code none}; turning AI on again
     * needs {@code aiProvider} (and a model the provider requires).
     */
    @Transactional
    public Settings update(String botId, ObjectNode body) {
        Settings wanted;
        try {
            wanted = json.treeToValue(body, Settings.class);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        }
        Bot bot = bots.get(botId);
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        boolean aiOff = Boolean.FALSE.equals(wanted.aiEnabled());
        if (aiOff) {
            patch.put("provider", NO_AI);
            patch.putNull("model");
        } else {
            boolean hasAi = aiEnabled(bot.definition.provider());
            if (Boolean.TRUE.equals(wanted.aiEnabled()) && !hasAi && (wanted.aiProvider() == null || NO_AI.equals(wanted.aiProvider()))) {
                throw ProblemException.validation("aiProvider", "is required to turn AI on");
            }
            copy(body, "aiProvider", patch, "provider");
            copy(body, "aiModel", patch, "model");
        }
        ObjectNode config = patch.putObject("config");
        copy(body, "aiTemperature", config, "temperature");
        copy(body, "aiMaxTokens", config, "maxTokens");
        copy(body, "systemPrompt", config, "systemPrompt");
        ObjectNode behaviors = patch.putObject("behaviors");
        ObjectNode greeting = behaviors.putObject("greeting");
        copyMessage(body, "greetingMessage", greeting);
        copy(body, "greetingButtons", greeting, "buttons");
        ObjectNode fallback = behaviors.putObject("fallback");
        copyMessage(body, "fallbackMessage", fallback);
        copy(body, "fallbackButtons", fallback, "buttons");
        copy(body, "fallbackMaxRetries", fallback, "maxRetries");
        ObjectNode handoff = behaviors.putObject("handoff");
        if (body.has("transferKeywords")) {
            handoff.set("triggers", body.get("transferKeywords"));
            handoff.put("enabled", body.get("transferKeywords").isArray() && !body.get("transferKeywords").isEmpty());
        }
        copy(body, "transferMessage", handoff, "message");
        ObjectNode hours = behaviors.putObject("businessHours");
        copy(body, "businessHoursEnabled", hours, "enabled");
        copy(body, "businessHoursTimezone", hours, "timezone");
        copy(body, "businessHours", hours, "schedule");
        copyMessage(body, "offlineMessage", behaviors.putObject("offlineMessage"));
        bot = bots.update(botId, pruned(patch)).bot();
        if (Boolean.TRUE.equals(wanted.chatbotEnabled()) && bot.status != BotStatus.ACTIVE) {
            bot = bots.activate(botId);
        } else if (Boolean.FALSE.equals(wanted.chatbotEnabled()) && bot.status == BotStatus.ACTIVE) {
            bot = bots.deactivate(botId, null, "chatbot disabled in settings", () -> 0).bot();
        }
        return of(bot);
    }

    static Settings of(Bot bot) {
        BotDefinition d = bot.definition;
        boolean ai = aiEnabled(d.provider());
        BotConfig config = d.config() == null ? new BotConfig(null, null, null, null, null, null) : d.config();
        BotBehaviors b = d.behaviors() == null ? new BotBehaviors(null, null, null, null, null) : d.behaviors();
        BotBehaviors.Greeting greeting = b.greeting();
        BotBehaviors.Fallback fallback = b.fallback();
        BotBehaviors.Handoff handoff = b.handoff();
        BotBehaviors.BusinessHours hours = b.businessHours();
        BotBehaviors.OfflineMessage offline = b.offlineMessage();
        return new Settings(bot.id, bot.tenantId, bot.status == BotStatus.ACTIVE, ai, ai ? d.provider() : null,
                ai ? d.model() : null, config.temperature(), config.maxTokens(), config.systemPrompt(),
                enabled(greeting == null ? null : greeting.enabled(), greeting == null ? null : greeting.message()),
                greeting == null ? null : greeting.buttons(),
                enabled(fallback == null ? null : fallback.enabled(), fallback == null ? null : fallback.message()),
                fallback == null ? null : fallback.buttons(), fallback == null ? null : fallback.maxRetries(),
                handoff == null || Boolean.FALSE.equals(handoff.enabled()) || handoff.triggers() == null ? List.of()
                        : handoff.triggers(),
                handoff == null ? null : handoff.message(),
                hours != null && Boolean.TRUE.equals(hours.enabled()), hours == null ? null : hours.timezone(),
                hours == null ? null : hours.schedule(),
                enabled(offline == null ? null : offline.enabled(), offline == null ? null : offline.message()));
    }

    private static boolean aiEnabled(String provider) {
        return provider != null && !provider.isBlank() && !NO_AI.equals(provider);
    }

    /** A message the bot sends only while its behavior is enabled. */
    private static String enabled(Boolean enabled, String message) {
        return Boolean.FALSE.equals(enabled) ? null : message;
    }

    private static void copy(ObjectNode from, String field, ObjectNode to, String as) {
        if (from.has(field)) {
            to.set(as, from.get(field));
        }
    }

    /** A message setting: a text turns the behavior on, null or an empty text turns it off. */
    private static void copyMessage(ObjectNode from, String field, ObjectNode to) {
        if (!from.has(field)) {
            return;
        }
        boolean on = from.get(field).isTextual() && !from.get(field).textValue().isBlank();
        to.put("enabled", on);
        if (on) {
            to.set("message", from.get(field));
        }
    }

    /** The patch without the objects no setting touched (an empty object would still be a no-op, but keeps it readable). */
    private static ObjectNode pruned(ObjectNode patch) {
        ObjectNode behaviors = (ObjectNode) patch.get("behaviors");
        List.of("greeting", "fallback", "handoff", "businessHours", "offlineMessage").forEach(name -> {
            if (behaviors.get(name).isEmpty()) {
                behaviors.remove(name);
            }
        });
        List.of("config", "behaviors").forEach(name -> {
            if (patch.get(name).isEmpty()) {
                patch.remove(name);
            }
        });
        return patch;
    }
}
