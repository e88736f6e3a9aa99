package dev.parley.conversation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversation.testing.TestBot;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.BotType;
import dev.parley.events.bot.Flow;
import dev.parley.events.bot.KeywordRule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Engine decisions that need no infrastructure: the session in, the outcome out. */
class BotEngineTest {

    private final BotEngine engine = new BotEngine(
            (bot, in, contexts) -> { throw new IllegalStateException("gateway down"); },
            (spec, vars) -> { throw new IllegalStateException("unreachable"); },
            (bot, in, session) -> { throw new IllegalStateException("external bot down"); },
            (bot, in, session, intent, answer) -> { throw new IllegalStateException("fulfilment webhook down"); });

    private static EngineInput say(String text) {
        return new EngineInput("conv_1", "ct_1", "Ann", "webhook", text, null, List.of(), Map.of(), Instant.now());
    }

    private static List<String> texts(Outcome o) {
        return o.replies.stream().map(Reply::text).toList();
    }

    @Test
    void aStepOutOfRetriesLeavesTheFlowAndTheMessageIsTreatedAsAnyOther() {
        TestBot t = new TestBot();
        t.flows.add(new Flow("flow_age", "Age", List.of("age"), null, null, true, null, List.of(
                new Flow.Step("age", 1, "Your age?", Flow.MessageType.TEXT, Flow.InputType.NUMBER, null, "A number!", 1,
                        null, "age", null, null, null))));
        t.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        CompiledBot bot = new CompiledBot(t.snapshot(), null);
        SessionState s = new SessionState();
        s.greeted = true;
        assertThat(texts(engine.decide(bot, s, say("age"), false))).containsExactly("Your age?");
        assertThat(texts(engine.decide(bot, s, say("old"), false))).containsExactly("A number!");
        assertThat(s.currentStep).isEqualTo("age");
        Outcome out = engine.decide(bot, s, say("hours?"), false);
        assertThat(texts(out)).containsExactly("9 to 5");
        assertThat(s.currentFlowId).isNull();
    }

    @Test
    void theDefaultFlowStartsOnTheFirstMessageAfterTheGreeting() {
        TestBot t = new TestBot();
        t.greeting = new BotBehaviors.Greeting(true, "Hi!", null);
        t.flowId = "flow_onboard";
        t.flows.add(new Flow("flow_onboard", "Onboarding", List.of(), "Let's start.", null, true, null, List.of(
                new Flow.Step("name", 1, "Your name?", Flow.MessageType.TEXT, Flow.InputType.TEXT, null, null, null,
                        null, "name", null, null, null))));
        CompiledBot bot = new CompiledBot(t.snapshot(), null);
        SessionState s = new SessionState();
        assertThat(texts(engine.decide(bot, s, say("hello"), false))).containsExactly("Hi!", "Let's start.", "Your name?");
        assertThat(s.greeted).isTrue();
        assertThat(s.currentFlowId).isEqualTo("flow_onboard");
    }

    @Test
    void unreachableGatewayOrExternalBotFallsBack() {
        TestBot ai = new TestBot();
        ai.provider = "openai";
        SessionState s = new SessionState();
        s.greeted = true;
        Outcome out = engine.decide(new CompiledBot(ai.snapshot(), null), s, say("question"), false);
        assertThat(out.intent).isEqualTo("fallback");
        assertThat(s.fallbackCount).isEqualTo(1);

        TestBot ext = new TestBot();
        ext.type = BotType.EXTERNAL;
        ext.url = "https://bot.example.com";
        Outcome forwarded = engine.decide(new CompiledBot(ext.snapshot(), null), new SessionState(), say("hi"), false);
        assertThat(forwarded.intent).isEqualTo("fallback");
    }

    @Test
    void theOfflineMessageIsSentOnceUntilTheBotIsBack() {
        TestBot t = new TestBot();
        t.status = dev.parley.events.bot.BotStatus.INACTIVE;
        t.offline = new BotBehaviors.OfflineMessage(null, "Away.");
        SessionState s = new SessionState();
        CompiledBot inactive = new CompiledBot(t.snapshot(), null);
        assertThat(texts(engine.decide(inactive, s, say("a"), false))).containsExactly("Away.");
        Outcome again = engine.decide(inactive, s, say("b"), false);
        assertThat(again.replies).isEmpty();
        assertThat(again.queued).isTrue();
        t.status = dev.parley.events.bot.BotStatus.ACTIVE;
        engine.decide(new CompiledBot(t.snapshot(), null), s, say("c"), false);
        assertThat(s.offlineNotified).isFalse();
        t.status = dev.parley.events.bot.BotStatus.INACTIVE;
        assertThat(texts(engine.decide(new CompiledBot(t.snapshot(), null), s, say("d"), false))).containsExactly("Away.");
    }

    @Test
    void aTestOfAnInactiveBotAnswersAsTheBotWillOnceActive() {
        TestBot t = new TestBot();
        t.status = dev.parley.events.bot.BotStatus.INACTIVE;
        t.offline = new BotBehaviors.OfflineMessage(null, "Away.");
        Outcome tried = engine.test(new CompiledBot(t.snapshot(), null), new SessionState(), say("hello"));
        t.status = dev.parley.events.bot.BotStatus.ACTIVE;
        Outcome live = engine.decide(new CompiledBot(t.snapshot(), null), new SessionState(), say("hello"), false);

        assertThat(tried.queued).isFalse();
        assertThat(texts(tried)).isNotEmpty().doesNotContain("Away.").isEqualTo(texts(live));
    }

    @Test
    void aHandedOffConversationGetsNothingFromTheBot() {
        TestBot t = new TestBot();
        t.rules.add(TestBot.textRule("any", 1, KeywordRule.MatchType.CONTAINS, "answer", "a"));
        Outcome out = engine.decide(new CompiledBot(t.snapshot(), null), new SessionState(), say("a"), true);
        assertThat(out.replies).isEmpty();
        assertThat(out.forwardedToAgent).isTrue();
    }

    @Test
    void placeholdersFillFromVariables() {
        assertThat(Placeholders.fill("Hi {{ name }}, order {{order}}{{missing}}.", Map.of("name", "Ann", "order", "A-1")))
                .isEqualTo("Hi Ann, order A-1.");
        assertThat(Placeholders.fill("cost $1 {{x}}", Map.of("x", "$2"))).isEqualTo("cost $1 $2");
    }
}
