package dev.parley.bot.service.bots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.events.bot.Button;
import dev.parley.events.bot.Flow;
import dev.parley.events.bot.KeywordRule;
import dev.parley.events.bot.TransferConfig;
import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a bot exported from Tiledesk (its {@code intents} format) as Parley's portable document:
 * <ul>
 * <li>the {@code start} intent ({@code \start}) is the bot's greeting, {@code defaultFallback} its fallback;</li>
 * <li>an intent with a {@code form} is a flow: its questions trigger it, each form field is a step whose answer is
 * stored under the field's name ({@code regex}/{@code errorLabel} become validation and retry message), and the
 * intent's answer is the flow's completion message ({@code ${name}} read as {@code {{name}}});</li>
 * <li>any other intent is a keyword rule named after {@code intent_display_name}: its questions (one per line) are the
 * keywords, its answer the response; answer lines {@code * Title} are buttons, and {@code \agent} in an answer hands
 * the conversation to agents (a transfer rule);</li>
 * <li>the bot's {@code webhook_url}/{@code webhook_enabled} are the bot's fulfilment webhook, which Parley calls for
 * every intent's answer.</li>
 * </ul>
 * What has no Parley equivalent is refused as a whole, every element named in one problem
 * ({@code TILEDESK_NOT_MAPPABLE}), rather than imported halfway.
 */
final class TiledeskIntents {

    /** The document as Parley reads it; {@code behaviors} is the greeting and fallback to set on the bot (may be empty). */
    record Translation(ObjectNode bot, ObjectNode behaviors, BotPortability.BotExport export) {
    }

    static final String START = "start";
    static final String FALLBACK = "defaultFallback";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{\\s*([A-Za-z0-9_.]+)\\s*}");
    private static final Set<String> INTERNAL_TYPES = Set.of("internal", "tilebot");
    /** Tiledesk's bookkeeping, meaningless outside Tiledesk. */
    private static final Set<String> IGNORED_INTENT_FIELDS = Set.of("_id", "id", "id_faq_kb", "id_project", "intent_id",
            "createdBy", "createdAt", "updatedAt", "__v", "trashed", "topic", "status", "language", "attributes", "faq_kb");
    private static final Set<String> INTENT_FIELDS = Set.of("intent_display_name", "question", "answer", "enabled",
            "webhook_enabled", "form", "actions", "reply");

    private TiledeskIntents() {
    }

    /** A Tiledesk export is recognised by its {@code intents} list. */
    static boolean isTiledesk(JsonNode document) {
        return document != null && document.isObject() && document.has("intents");
    }

    static Translation translate(JsonNode document) {
        List<FieldError> unmappable = new ArrayList<>();
        ObjectNode bot = JsonNodeFactory.instance.objectNode();
        bot.put("name", document.path("name").asText("Imported from Tiledesk"));
        copyText(document, "description", bot, "description");
        copyText(document, "language", bot, "language");
        String type = document.path("type").asText("internal");
        if (INTERNAL_TYPES.contains(type)) {
            bot.put("provider", BotSettings.NO_AI);
        } else if ("external".equals(type)) {
            bot.put("type", "external");
            copyText(document, "url", bot, "url");
        } else {
            unmappable.add(new FieldError("type", "Tiledesk bot type '" + type + "' has no Parley equivalent (internal or external)"));
        }
        copyText(document, "webhook_url", bot, "webhookUrl");
        boolean webhook = document.path("webhook_enabled").asBoolean(false);
        if (document.has("public")) {
            bot.put("public", document.path("public").asBoolean(false));
        }

        ObjectNode behaviors = JsonNodeFactory.instance.objectNode();
        List<KeywordRule> rules = new ArrayList<>();
        List<Flow> flows = new ArrayList<>();
        JsonNode intents = document.get("intents");
        if (!intents.isArray()) {
            throw ProblemException.validation("intents", "must be a list of Tiledesk intents");
        }
        for (int i = 0; i < intents.size(); i++) {
            JsonNode intent = intents.get(i);
            String at = "intents[" + i + "]";
            if (!intent.isObject()) {
                unmappable.add(new FieldError(at, "is not an intent object"));
                continue;
            }
            intent.fieldNames().forEachRemaining(field -> {
                if (!INTENT_FIELDS.contains(field) && !IGNORED_INTENT_FIELDS.contains(field)) {
                    unmappable.add(new FieldError(at + "." + field, "Tiledesk intent field with no Parley equivalent"));
                }
            });
            if (intent.path("actions").isArray() && !intent.path("actions").isEmpty()) {
                unmappable.add(new FieldError(at + ".actions", "Tiledesk's designer actions are not imported; "
                        + "export the intent with its question and answer"));
                continue;
            }
            if (intent.path("reply").isObject() && !intent.path("reply").isEmpty()) {
                unmappable.add(new FieldError(at + ".reply", "Tiledesk's structured replies are not imported; "
                        + "export the intent with its answer text"));
                continue;
            }
            String name = intent.path("intent_display_name").asText("").strip();
            List<String> questions = lines(intent.path("question").asText(""));
            String answerText = intent.path("answer").asText("");
            Answer answer = answer(answerText, at + ".answer", unmappable);
            if (intent.path("webhook_enabled").asBoolean(false)) {
                if (document.path("webhook_url").asText("").isBlank()) {
                    unmappable.add(new FieldError(at + ".webhook_enabled", "needs the bot's webhook_url, which fulfils its answers"));
                } else {
                    webhook = true;
                }
            }
            boolean enabled = intent.path("enabled").asBoolean(true);
            if (START.equals(name) || questions.contains("\\start")) {
                behaviors.set("greeting", behavior(answer, enabled));
                continue;
            }
            if (FALLBACK.equals(name)) {
                behaviors.set("fallback", behavior(answer, enabled));
                continue;
            }
            if (name.isEmpty()) {
                name = questions.isEmpty() ? "intent " + (i + 1) : questions.get(0);
            }
            if (questions.isEmpty()) {
                unmappable.add(new FieldError(at + ".question", "an intent needs a question: it becomes the rule's keywords"));
                continue;
            }
            if (intent.path("form").isObject()) {
                Flow flow = formFlow(name, questions, intent.path("form"), answer, enabled, at + ".form", unmappable);
                if (flow != null) {
                    flows.add(flow);
                }
                continue;
            }
            KeywordRule.Response response = answer.handoff()
                    ? new KeywordRule.Response(KeywordRule.ResponseType.TRANSFER, blankToNull(answer.text()), null, null,
                            new TransferConfig(null, "From Tiledesk intent " + name))
                    : new KeywordRule.Response(answer.buttons().isEmpty() ? KeywordRule.ResponseType.TEXT
                            : KeywordRule.ResponseType.BUTTONS, answer.text(), answer.buttons().isEmpty() ? null : answer.buttons(),
                            null, null);
            rules.add(new KeywordRule(null, truncate(name, 100), questions, KeywordRule.MatchType.CONTAINS, response,
                    0, enabled));
        }
        if (!unmappable.isEmpty()) {
            throw new ProblemException(422, "TILEDESK_NOT_MAPPABLE", "Parts of the Tiledesk bot cannot be imported",
                    unmappable.size() + " part(s) of the document have no Parley equivalent; nothing was imported.",
                    unmappable, Map.of());
        }
        if (webhook) {
            bot.put("webhookEnabled", true);
        }
        if (!behaviors.isEmpty()) {
            bot.set("behaviors", behaviors.deepCopy());
        }
        return new Translation(bot, behaviors, new BotPortability.BotExport(BotPortability.FORMAT_VERSION, bot, rules, List.of(),
                flows));
    }

    /** An answer's text, its {@code * Title} buttons, and whether it asks for an agent ({@code \agent}). */
    private record Answer(String text, List<Button> buttons, boolean handoff) {
    }

    private static Answer answer(String raw, String at, List<FieldError> unmappable) {
        List<String> text = new ArrayList<>();
        List<Button> buttons = new ArrayList<>();
        boolean handoff = false;
        for (String line : raw.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("* ") || trimmed.startsWith("*") && trimmed.length() > 1 && !trimmed.startsWith("**")) {
                String title = trimmed.substring(1).strip();
                int link = title.indexOf('>');
                if (link > 0) {
                    title = title.substring(0, link).strip(); // "* Title > \intent": the title is what the customer taps
                }
                if (title.length() > 20) {
                    unmappable.add(new FieldError(at, "button '" + title + "' is longer than 20 characters"));
                }
                buttons.add(new Button(null, title));
            } else if (trimmed.contains("\\agent")) {
                handoff = true;
                String rest = trimmed.replace("\\agent", "").strip();
                if (!rest.isEmpty()) {
                    text.add(rest);
                }
            } else {
                text.add(PLACEHOLDER.matcher(line).replaceAll("{{$1}}"));
            }
        }
        if (buttons.size() > 10) {
            unmappable.add(new FieldError(at, "has " + buttons.size() + " buttons; a reply has at most 10"));
        }
        return new Answer(String.join("\n", text).strip(), buttons, handoff);
    }

    private static ObjectNode behavior(Answer answer, boolean enabled) {
        ObjectNode behavior = JsonNodeFactory.instance.objectNode();
        behavior.put("enabled", enabled && !answer.text().isEmpty());
        if (!answer.text().isEmpty()) {
            behavior.put("message", answer.text());
        }
        if (!answer.buttons().isEmpty()) {
            behavior.set("buttons", JsonNodeFactory.instance.arrayNode().addAll(answer.buttons().stream()
                    .map(b -> (JsonNode) JsonNodeFactory.instance.objectNode().put("title", b.title())).toList()));
        }
        return behavior;
    }

    private static Flow formFlow(String name, List<String> questions, JsonNode form, Answer answer, boolean enabled,
            String at, List<FieldError> unmappable) {
        JsonNode fields = form.path("fields");
        if (!fields.isArray() || fields.isEmpty()) {
            unmappable.add(new FieldError(at + ".fields", "a form needs fields: each becomes a step of the flow"));
            return null;
        }
        List<Flow.Step> steps = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            JsonNode field = fields.get(f);
            String fieldName = field.path("name").asText("");
            if (fieldName.isBlank()) {
                unmappable.add(new FieldError(at + ".fields[" + f + "].name", "a form field needs a name to store the answer"));
                continue;
            }
            Flow.InputType input = switch (field.path("type").asText("text")) {
                case "text", "string" -> Flow.InputType.TEXT;
                case "email" -> Flow.InputType.EMAIL;
                case "number", "numeric" -> Flow.InputType.NUMBER;
                case "phone", "tel" -> Flow.InputType.PHONE;
                case "date" -> Flow.InputType.DATE;
                default -> {
                    unmappable.add(new FieldError(at + ".fields[" + f + "].type", "form field type '"
                            + field.path("type").asText() + "' has no Parley equivalent"));
                    yield Flow.InputType.TEXT;
                }
            };
            String regex = blankToNull(field.path("regex").asText(""));
            if (regex != null && regex.length() > 1 && regex.startsWith("/") && regex.lastIndexOf('/') > 0) {
                regex = regex.substring(1, regex.lastIndexOf('/')); // Tiledesk writes JavaScript's /pattern/flags
            }
            steps.add(new Flow.Step(fieldName, f + 1, field.path("label").asText(fieldName), Flow.MessageType.TEXT, input,
                    regex == null ? null : new Flow.Validation(regex, null, null, null, null),
                    blankToNull(field.path("errorLabel").asText("")), null, null, fieldName, null, null, null));
        }
        if (answer.handoff()) {
            steps.add(new Flow.Step("handoff", steps.size() + 1, blankToNull(answer.text()), Flow.MessageType.TRANSFER, null,
                    null, null, null, null, null, null, new TransferConfig(null, "From Tiledesk intent " + name), null));
        }
        return new Flow("tiledesk_" + steps.size() + "_" + Math.abs(name.hashCode()), truncate(name, 100), questions, null,
                answer.handoff() ? null : blankToNull(answer.text()), enabled, null, steps);
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(l -> !l.isEmpty()).distinct().toList();
    }

    private static void copyText(JsonNode from, String field, ObjectNode to, String as) {
        if (from.hasNonNull(field) && !from.get(field).asText().isBlank()) {
            to.put(as, from.get(field).asText());
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
