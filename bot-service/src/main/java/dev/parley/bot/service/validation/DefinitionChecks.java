package dev.parley.bot.service.validation;

import dev.parley.bot.BotDefinition;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.BotConfig;
import dev.parley.events.bot.BotFunction;
import dev.parley.platform.problem.FieldChecks;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a bot definition's types cannot say on their own: lengths, ranges, formats and required parts, field by field.
 * Checks that need other data (the flow exists, the model is known, the endpoint may be called) stay with the bot.
 */
public final class DefinitionChecks {

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[A-Za-z]{2})?");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern METHOD = Pattern.compile("GET|POST|PUT|PATCH|DELETE");
    private static final Pattern OPENS = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final Pattern CLOSES = Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d|24:00");
    private static final int MESSAGE = 4096;

    public static void check(BotDefinition bot, FieldChecks checks) {
        checks.requiredText("name", bot.name(), 100);
        checks.maxLength("description", bot.description(), 1000);
        checks.maxLength("provider", bot.provider(), 50);
        checks.maxLength("model", bot.model(), 100);
        checks.maxLength("url", bot.url(), 2048);
        if (bot.language() != null && !LANGUAGE.matcher(bot.language()).matches()) {
            checks.add("language", "must be an ISO 639-1 code such as en or pt-BR");
        }
        if (bot.attributes() != null && bot.attributes().size() > 50) {
            checks.add("attributes", "must have at most 50 entries");
        }
        checks.maxLength("webhookUrl", bot.webhookUrl(), 2048);
        config(bot.config(), checks);
        behaviors(bot.behaviors(), checks);
        functions(bot.functions(), checks);
        checks.maxLength("knowledgeBaseId", bot.knowledgeBaseId(), 64);
        checks.maxLength("flowId", bot.flowId(), 64);
        ids("flowIds", bot.flowIds(), checks);
        ids("channelIds", bot.channelIds(), checks);
    }

    private static void config(BotConfig config, FieldChecks checks) {
        if (config == null) {
            return;
        }
        checks.maxLength("config.systemPrompt", config.systemPrompt(), 20_000);
        checks.decimalRange("config.temperature", config.temperature(), 0, 2);
        checks.range("config.maxTokens", config.maxTokens(), 1, 128_000);
        checks.decimalRange("config.topP", config.topP(), 0, 1);
        checks.decimalRange("config.frequencyPenalty", config.frequencyPenalty(), -2, 2);
        checks.decimalRange("config.presencePenalty", config.presencePenalty(), -2, 2);
    }

    private static void behaviors(BotBehaviors behaviors, FieldChecks checks) {
        if (behaviors == null) {
            return;
        }
        if (behaviors.greeting() != null) {
            checks.maxLength("behaviors.greeting.message", behaviors.greeting().message(), MESSAGE);
            ReplyButtons.check("behaviors.greeting.buttons", behaviors.greeting().buttons(), false, checks);
        }
        if (behaviors.fallback() != null) {
            checks.maxLength("behaviors.fallback.message", behaviors.fallback().message(), MESSAGE);
            ReplyButtons.check("behaviors.fallback.buttons", behaviors.fallback().buttons(), false, checks);
            checks.range("behaviors.fallback.maxRetries", behaviors.fallback().maxRetries(), 0, 20);
        }
        if (behaviors.handoff() != null) {
            checks.phrases("behaviors.handoff.triggers", behaviors.handoff().triggers(), 100);
            checks.maxLength("behaviors.handoff.message", behaviors.handoff().message(), MESSAGE);
        }
        if (behaviors.offlineMessage() != null) {
            checks.maxLength("behaviors.offlineMessage.message", behaviors.offlineMessage().message(), MESSAGE);
        }
        BotBehaviors.BusinessHours hours = behaviors.businessHours();
        if (hours != null) {
            checks.maxLength("behaviors.businessHours.timezone", hours.timezone(), 64);
            checks.maxItems("behaviors.businessHours.schedule", hours.schedule(), 50);
            for (int i = 0; hours.schedule() != null && i < hours.schedule().size(); i++) {
                String field = "behaviors.businessHours.schedule[" + i + "]";
                BotBehaviors.OpeningHours day = hours.schedule().get(i);
                if (checks.required(field, day)) {
                    checks.required(field + ".day", day.day());
                    if (checks.required(field + ".open", day.open()) && !OPENS.matcher(day.open()).matches()) {
                        checks.add(field + ".open", "must be HH:mm");
                    }
                    if (checks.required(field + ".close", day.close()) && !CLOSES.matcher(day.close()).matches()) {
                        checks.add(field + ".close", "must be HH:mm");
                    }
                }
            }
        }
    }

    private static void functions(List<BotFunction> functions, FieldChecks checks) {
        checks.maxItems("functions", functions, 64);
        for (int i = 0; functions != null && i < functions.size(); i++) {
            String field = "functions[" + i + "]";
            BotFunction function = functions.get(i);
            if (!checks.required(field, function)) {
                continue;
            }
            if (checks.required(field + ".name", function.name()) && !FUNCTION_NAME.matcher(function.name()).matches()) {
                checks.add(field + ".name", "must be 1-64 letters, digits, '_' or '-'");
            }
            checks.maxLength(field + ".description", function.description(), 1024);
            checks.required(field + ".parameters", function.parameters());
            if (function.endpoint() != null) {
                checks.requiredText(field + ".endpoint.url", function.endpoint().url(), 2048);
                if (function.endpoint().method() != null && !METHOD.matcher(function.endpoint().method()).matches()) {
                    checks.add(field + ".endpoint.method", "must be GET, POST, PUT, PATCH or DELETE");
                }
            }
        }
    }

    private static void ids(String field, List<String> ids, FieldChecks checks) {
        checks.maxItems(field, ids, 100);
        for (int i = 0; ids != null && i < ids.size(); i++) {
            checks.required(field + "[" + i + "]", ids.get(i));
        }
    }

    private DefinitionChecks() {
    }
}
