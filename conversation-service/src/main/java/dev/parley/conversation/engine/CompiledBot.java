package dev.parley.conversation.engine;

import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.BotStatus;
import dev.parley.events.bot.BotType;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.Flow;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One bot snapshot prepared for the engine once, when it arrives: keyword rules compiled, flows' steps ordered and
 * their validation patterns compiled, triggers normalized. Immutable; a new snapshot makes a new one.
 */
public final class CompiledBot {

    private final BotSnapshot snapshot;
    private final String signingSecretCiphertext;
    private final KeywordMatcher keywords;
    private final Map<String, Flow> flows = new HashMap<>();
    private final Map<String, List<Flow.Step>> orderedSteps = new HashMap<>();
    private final Map<Flow.Step, Pattern> stepPatterns = new HashMap<>();
    private final Map<String, List<String>> flowTriggers = new LinkedHashMap<>();
    private final List<String> handoffTriggers;
    private final Map<String, Channel> channels = new HashMap<>();
    private final BusinessHours businessHours;
    private final boolean callsOut;

    public CompiledBot(BotSnapshot snapshot, String signingSecretCiphertext) {
        this.snapshot = snapshot;
        this.signingSecretCiphertext = signingSecretCiphertext;
        this.keywords = new KeywordMatcher(snapshot.keywordRules());
        if (snapshot.flows() != null) {
            for (Flow flow : snapshot.flows()) {
                flows.put(flow.id(), flow);
                List<Flow.Step> steps = flow.steps() == null ? List.of()
                        : flow.steps().stream().sorted(Comparator.comparingInt(Flow.Step::stepOrder)).toList();
                orderedSteps.put(flow.id(), steps);
                for (Flow.Step step : steps) {
                    if (step.validation() != null && step.validation().pattern() != null) {
                        try {
                            stepPatterns.put(step, Pattern.compile(step.validation().pattern()));
                        } catch (PatternSyntaxException e) {
                            // an invalid pattern validates nothing rather than rejecting every answer
                        }
                    }
                }
                if (flow.enabled() && flow.triggerKeywords() != null) {
                    flowTriggers.put(flow.id(), flow.triggerKeywords().stream().map(TextNormalizer::normalize)
                            .filter(k -> !k.isEmpty()).toList());
                }
            }
        }
        BotBehaviors.Handoff handoff = behaviors().handoff();
        this.handoffTriggers = handoff == null || Boolean.FALSE.equals(handoff.enabled()) || handoff.triggers() == null
                ? List.of() : handoff.triggers().stream().map(TextNormalizer::normalize).filter(k -> !k.isEmpty()).toList();
        if (snapshot.channels() != null) {
            snapshot.channels().forEach(c -> channels.put(c.id(), c));
        }
        this.businessHours = new BusinessHours(behaviors().businessHours());
        this.callsOut = external() || answersWithAi() || fulfilledByWebhook() || orderedSteps.values().stream()
                .flatMap(List::stream).anyMatch(step -> step.messageType() == Flow.MessageType.API_FETCH);
    }

    /**
     * Whether deciding for this bot may call out of the service (an external bot, a model, a fulfilment webhook, an
     * {@code api_fetch} step): such decisions can take seconds, the others take microseconds.
     */
    public boolean callsOut() {
        return callsOut;
    }

    public BotSnapshot snapshot() {
        return snapshot;
    }

    public String id() {
        return snapshot.id();
    }

    public String tenantId() {
        return snapshot.tenantId();
    }

    public long version() {
        return snapshot.version();
    }

    public boolean active() {
        return snapshot.status() == BotStatus.ACTIVE;
    }

    public boolean external() {
        return snapshot.type() == BotType.EXTERNAL;
    }

    /** The external bot's signing secret ({@code bsk_…}), encrypted with the platform key; null if unknown. */
    public String signingSecretCiphertext() {
        return signingSecretCiphertext;
    }

    /** Its keyword rules' answers go through its fulfilment webhook first (Tiledesk's webhook fulfilment). */
    public boolean fulfilledByWebhook() {
        return snapshot.webhookEnabled() && snapshot.webhookUrl() != null && !snapshot.webhookUrl().isBlank();
    }

    public boolean answersWithAi() {
        String provider = snapshot.provider();
        return provider != null && !provider.isBlank() && !"none".equals(provider);
    }

    public BotBehaviors behaviors() {
        BotBehaviors b = snapshot.behaviors();
        return b == null ? new BotBehaviors(null, null, null, null, null) : b;
    }

    public KeywordMatcher keywords() {
        return keywords;
    }

    public BusinessHours businessHours() {
        return businessHours;
    }

    public Optional<Flow> flow(String id) {
        return Optional.ofNullable(id == null ? null : flows.get(id));
    }

    public List<Flow.Step> steps(String flowId) {
        return orderedSteps.getOrDefault(flowId, List.of());
    }

    Pattern pattern(Flow.Step step) {
        return stepPatterns.get(step);
    }

    /** The enabled flow whose trigger keyword occurs (as whole words) in the normalized message. */
    Optional<Flow> triggeredFlow(String normalized) {
        for (Map.Entry<String, List<String>> e : flowTriggers.entrySet()) {
            for (String trigger : e.getValue()) {
                if (TextNormalizer.containsWords(normalized, trigger)) {
                    return Optional.of(flows.get(e.getKey()));
                }
            }
        }
        return Optional.empty();
    }

    boolean handoffTriggered(String normalized) {
        for (String trigger : handoffTriggers) {
            if (TextNormalizer.containsWords(normalized, trigger)) {
                return true;
            }
        }
        return false;
    }

    public Optional<Channel> channel(String channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }
}
