package dev.parley.conversation.engine;

import dev.parley.events.bot.AiContext;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.Flow;
import dev.parley.events.bot.KeywordRule;
import dev.parley.events.bot.TransferConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides every bot reply, in the order of SPEC §5: (1) handed off → silent, (2) inactive or closed → offline
 * message once, queued, (3) first message → greeting, (4) handoff trigger, (5) the current flow's step,
 * (6) a flow's trigger keyword, (7) keyword rules by priority, (8) an AI answer, (9) fallback, then handoff after
 * {@code maxRetries} consecutive fallbacks. It only reads the bot and changes the {@link SessionState} it is given;
 * storing both, and what it decided, is the caller's (so a dry run stores nothing).
 */
@ApplicationScoped
public class BotEngine {

    private static final Logger LOG = Logger.getLogger(BotEngine.class);

    static final String DEFAULT_HANDOFF = "Connecting you with an agent...";
    static final String DEFAULT_FALLBACK = "Sorry, I didn't understand that.";
    static final String DEFAULT_RETRY = "That doesn't look right. Please try again.";
    static final int DEFAULT_MAX_FALLBACKS = 3;

    public static final String CUSTOMER_REQUEST = "customer_request";
    public static final String FALLBACK_EXCEEDED = "fallback_exceeded";
    public static final String FLOW_TRANSFER = "flow_transfer";
    public static final String KEYWORD_TRANSFER = "keyword_rule";

    private final AiResponder ai;
    private final ApiFetcher api;
    private final ExternalBot externalBot;
    private final Fulfilment fulfilment;

    public BotEngine(AiResponder ai, ApiFetcher api, ExternalBot externalBot, Fulfilment fulfilment) {
        this.ai = ai;
        this.api = api;
        this.externalBot = externalBot;
        this.fulfilment = fulfilment;
    }

    public Outcome decide(CompiledBot bot, SessionState session, EngineInput in, boolean handedOff) {
        return decide(bot, session, in, handedOff, bot.active());
    }

    /**
     * A test of the bot (a dry run): what it answers once active, so that it can be tried before it is activated;
     * outside its business hours it still answers as it would then.
     */
    public Outcome test(CompiledBot bot, SessionState session, EngineInput in) {
        return decide(bot, session, in, false, true);
    }

    private Outcome decide(CompiledBot bot, SessionState session, EngineInput in, boolean handedOff, boolean active) {
        Outcome out = new Outcome();
        // 1. people have the conversation
        if (handedOff) {
            out.forwardedToAgent = true;
            return out;
        }
        // 2. inactive or outside business hours
        if (!active || !bot.businessHours().isOpen(in.receivedAt())) {
            out.queued = true;
            if (!session.offlineNotified) {
                session.offlineNotified = true;
                // only the bot's own offline text: without one the conversation waits in silence
                BotBehaviors.OfflineMessage offline = bot.behaviors().offlineMessage();
                if (offline != null && !Boolean.FALSE.equals(offline.enabled()) && offline.message() != null
                        && !offline.message().isBlank()) {
                    out.add(Reply.text(offline.message(), "offline"));
                    out.confidence = 1.0;
                }
            }
            return out;
        }
        session.offlineNotified = false;
        if (bot.external()) {
            forwardToExternal(bot, session, in, out);
            return out;
        }
        String normalized = TextNormalizer.normalize(in.text());
        // 3. first message
        boolean firstMessage = !session.greeted;
        if (firstMessage) {
            session.greeted = true;
            BotBehaviors.Greeting greeting = bot.behaviors().greeting();
            if (greeting != null && !Boolean.FALSE.equals(greeting.enabled()) && greeting.message() != null) {
                out.add(Reply.withButtons(greeting.message(), greeting.buttons(), "greeting"));
                out.confidence = 1.0;
            }
        }
        // 4. the customer asks for a person
        if (bot.handoffTriggered(normalized)) {
            handOff(bot, session, out, new Outcome.Handoff(CUSTOMER_REQUEST, null,
                    "Customer asked for an agent: " + in.text()));
            return out;
        }
        // 5. inside a flow
        if (session.currentFlowId != null) {
            Optional<Flow> flow = bot.flow(session.currentFlowId).filter(Flow::enabled);
            if (flow.isPresent() && answerStep(bot, flow.get(), session, in, out)) {
                session.fallbackCount = 0;
                return out;
            }
            session.leaveFlow();
        }
        // 6. a flow's trigger keyword (or, on the first message, the bot's default flow)
        Optional<Flow> triggered = bot.triggeredFlow(normalized);
        if (triggered.isEmpty() && firstMessage && bot.snapshot().flowId() != null) {
            triggered = bot.flow(bot.snapshot().flowId()).filter(Flow::enabled);
        }
        if (triggered.isPresent()) {
            startFlow(bot, triggered.get(), session, out);
            session.fallbackCount = 0;
            return out;
        }
        // 7. keyword rules
        Optional<KeywordRule> rule = bot.keywords().match(in.text());
        if (rule.isPresent()) {
            applyRule(bot, rule.get(), session, in, out);
            session.fallbackCount = 0;
            return out;
        }
        // 8. AI answer
        if (bot.answersWithAi()) {
            try {
                AiResponder.Answer answer = ai.answer(bot, in, contexts(bot, normalized, session));
                if (answer != null && answer.content() != null && !answer.content().isBlank()) {
                    out.add(new Reply(answer.content(), null, "ai", answer.sources(), null));
                    out.usage = answer.usage();
                    out.confidence = answer.confidence();
                    session.fallbackCount = 0;
                    return out;
                }
            } catch (RuntimeException e) {
                LOG.warnf("AI answer for bot %s failed, falling back: %s", bot.id(), e.getMessage());
            }
        }
        // 9. fallback; a greeting just sent already answered a first message
        if (firstMessage && !out.replies.isEmpty()) {
            return out;
        }
        fallback(bot, session, out);
        return out;
    }

    private void forwardToExternal(CompiledBot bot, SessionState session, EngineInput in, Outcome out) {
        try {
            ExternalBot.Answer answer = externalBot.forward(bot, in, session);
            answer.replies().forEach(out::add);
            if (answer.handoff() != null) {
                out.handoff = answer.handoff();
            }
            out.confidence = 1.0;
        } catch (RuntimeException e) {
            LOG.warnf("External bot %s did not answer: %s", bot.id(), e.getMessage());
            fallback(bot, session, out);
        }
    }

    private void fallback(CompiledBot bot, SessionState session, Outcome out) {
        BotBehaviors.Fallback fallback = bot.behaviors().fallback();
        int max = fallback != null && fallback.maxRetries() != null ? fallback.maxRetries() : DEFAULT_MAX_FALLBACKS;
        session.fallbackCount++;
        if (session.fallbackCount > max) {
            handOff(bot, session, out, new Outcome.Handoff(FALLBACK_EXCEEDED, null,
                    "The bot did not understand " + max + " messages in a row."));
            return;
        }
        if (fallback == null || !Boolean.FALSE.equals(fallback.enabled())) {
            out.add(Reply.withButtons(fallback != null && fallback.message() != null ? fallback.message() : DEFAULT_FALLBACK,
                    fallback == null ? null : fallback.buttons(), "fallback"));
        }
        out.confidence = 0.0;
    }

    private void handOff(CompiledBot bot, SessionState session, Outcome out, Outcome.Handoff handoff) {
        BotBehaviors.Handoff behaviour = bot.behaviors().handoff();
        out.add(Reply.text(behaviour != null && behaviour.message() != null ? behaviour.message() : DEFAULT_HANDOFF,
                "handoff"));
        transfer(session, out, handoff);
    }

    private static void transfer(SessionState session, Outcome out, Outcome.Handoff handoff) {
        out.handoff = handoff;
        out.confidence = 1.0;
        session.leaveFlow();
        session.fallbackCount = 0;
    }

    private void applyRule(CompiledBot bot, KeywordRule rule, SessionState session, EngineInput in, Outcome out) {
        KeywordRule.Response response = rule.response();
        String intent = "keyword:" + (rule.name() != null ? rule.name() : rule.id());
        out.confidence = 1.0;
        if (response == null) {
            return;
        }
        KeywordRule.ResponseType type = response.type() == null ? KeywordRule.ResponseType.TEXT : response.type();
        switch (type) {
            case FLOW -> {
                Optional<Flow> flow = bot.flow(response.flowId()).filter(Flow::enabled);
                if (response.text() != null) {
                    out.add(Reply.withButtons(Placeholders.fill(response.text(), session.variables), response.buttons(), intent));
                }
                flow.ifPresent(f -> startFlow(bot, f, session, out));
            }
            case TRANSFER -> {
                TransferConfig config = response.transferConfig();
                out.add(Reply.text(response.text() != null ? Placeholders.fill(response.text(), session.variables)
                        : DEFAULT_HANDOFF, intent));
                transfer(session, out, new Outcome.Handoff(KEYWORD_TRANSFER, config == null ? null : config.teamId(),
                        config == null ? null : Placeholders.fill(config.notes(), session.variables)));
            }
            default -> fulfilled(bot, in, session, rule.name() != null ? rule.name() : rule.id(),
                    Reply.withButtons(Placeholders.fill(response.text(), session.variables), response.buttons(), intent))
                    .forEach(out::add);
        }
    }

    /** A rule's answer through the bot's fulfilment webhook when it has one; its own answer when the webhook fails. */
    private List<Reply> fulfilled(CompiledBot bot, EngineInput in, SessionState session, String intentName, Reply answer) {
        if (!bot.fulfilledByWebhook()) {
            return List.of(answer);
        }
        try {
            return fulfilment.fulfil(bot, in, session, intentName, answer).orElse(List.of(answer));
        } catch (RuntimeException e) {
            LOG.warnf("Fulfilment webhook of bot %s failed, sending the rule's answer: %s", bot.id(), e.getMessage());
            return List.of(answer);
        }
    }

    private void startFlow(CompiledBot bot, Flow flow, SessionState session, Outcome out) {
        session.leaveFlow();
        session.currentFlowId = flow.id();
        if (flow.initialMessage() != null) {
            out.add(Reply.text(Placeholders.fill(flow.initialMessage(), session.variables), flowIntent(flow)));
        }
        out.confidence = 1.0;
        runSteps(bot, flow, session, out, 0);
    }

    /** Step 5: true when the flow handled the answer (stored it and moved on, or asked again). */
    private boolean answerStep(CompiledBot bot, Flow flow, SessionState session, EngineInput in, Outcome out) {
        List<Flow.Step> steps = bot.steps(flow.id());
        int index = indexOf(steps, session.currentStep);
        if (index < 0) {
            return false;
        }
        Flow.Step step = steps.get(index);
        Optional<String> value = AnswerValidator.validate(step, bot.pattern(step), in.text(), in.buttonId());
        out.confidence = 1.0;
        if (value.isEmpty()) {
            session.stepRetries++;
            if (step.maxRetries() != null && session.stepRetries > step.maxRetries()) {
                // out of retries: the flow ends and the message is treated as any other
                return false;
            }
            out.add(Reply.withButtons(Placeholders.fill(step.retryMessage() != null ? step.retryMessage() : DEFAULT_RETRY,
                    session.variables), step.buttons(), flowIntent(flow)));
            return true;
        }
        if (step.storeAs() != null && !step.storeAs().isBlank()) {
            session.variables.put(step.storeAs(), value.get());
        }
        session.stepRetries = 0;
        runSteps(bot, flow, session, out, index + 1);
        return true;
    }

    /** Sends steps from {@code from} until one waits for an answer, hands off, or the flow completes. */
    private void runSteps(CompiledBot bot, Flow flow, SessionState session, Outcome out, int from) {
        List<Flow.Step> steps = bot.steps(flow.id());
        String intent = flowIntent(flow);
        for (int i = from; i < steps.size(); i++) {
            Flow.Step step = steps.get(i);
            Flow.MessageType type = step.messageType() == null ? Flow.MessageType.TEXT : step.messageType();
            switch (type) {
                case TRANSFER -> {
                    if (step.message() != null) {
                        out.add(Reply.text(Placeholders.fill(step.message(), session.variables), intent));
                    }
                    TransferConfig config = step.transferConfig();
                    transfer(session, out, new Outcome.Handoff(FLOW_TRANSFER, config == null ? null : config.teamId(),
                            config == null ? null : Placeholders.fill(config.notes(), session.variables)));
                    return;
                }
                case API_FETCH -> {
                    String text;
                    try {
                        ApiFetcher.Result fetched = api.fetch(step.apiFetch(), session.variables);
                        session.variables.putAll(fetched.mapped());
                        text = step.message() != null ? Placeholders.fill(step.message(), session.variables) : fetched.text();
                    } catch (RuntimeException e) {
                        LOG.warnf("api_fetch step %s of flow %s failed: %s", step.stepName(), flow.id(), e.getMessage());
                        text = step.retryMessage() != null ? step.retryMessage()
                                : "Sorry, we could not get that information right now.";
                    }
                    if (text != null && !text.isBlank()) {
                        out.add(Reply.withButtons(text, step.buttons(), intent));
                    }
                }
                case WHATSAPP_FLOW -> out.add(new Reply(Placeholders.fill(step.message(), session.variables), null, intent,
                        null, step.whatsappFlow()));
                default -> out.add(Reply.withButtons(Placeholders.fill(step.message(), session.variables), step.buttons(),
                        intent));
            }
            if (awaitsAnswer(step)) {
                session.currentStep = step.stepName();
                session.stepRetries = 0;
                return;
            }
        }
        if (flow.completionMessage() != null) {
            out.add(Reply.text(Placeholders.fill(flow.completionMessage(), session.variables), intent));
        }
        session.leaveFlow();
    }

    private static boolean awaitsAnswer(Flow.Step step) {
        if (step.inputType() != null) {
            return step.inputType() != Flow.InputType.NONE;
        }
        return step.storeAs() != null || (step.buttons() != null && !step.buttons().isEmpty());
    }

    private static int indexOf(List<Flow.Step> steps, String name) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).stepName() != null && steps.get(i).stepName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String flowIntent(Flow flow) {
        return "flow:" + (flow.name() != null ? flow.name() : flow.id());
    }

    /** AI contexts whose trigger keywords occur in the message (or that have none), higher priority first. */
    private List<String> contexts(CompiledBot bot, String normalized, SessionState session) {
        List<AiContext> all = bot.snapshot().aiContexts();
        if (all == null) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        all.stream().filter(AiContext::enabled)
                .filter(c -> c.triggerKeywords() == null || c.triggerKeywords().isEmpty()
                        || c.triggerKeywords().stream().anyMatch(k -> TextNormalizer.containsWords(normalized,
                                TextNormalizer.normalize(k))))
                .sorted(Comparator.comparingInt(AiContext::priority).reversed())
                .forEach(c -> {
                    if (c.contextType() == AiContext.ContextType.API && c.apiFetch() != null) {
                        try {
                            found.add(api.fetch(c.apiFetch(), session.variables).text());
                        } catch (RuntimeException e) {
                            LOG.warnf("AI context %s could not be fetched: %s", c.id(), e.getMessage());
                        }
                    } else if (c.content() != null) {
                        found.add(c.content());
                    }
                });
        return found;
    }
}
