package dev.parley.conversation.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.Message;
import dev.parley.conversation.channel.WebhookSender;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.Conversations;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18.2 and 18.3: a reply claimed by a replica that died is taken over within seconds (its claim hangs on the
 * holder's heartbeat, not on a fixed time), a later reply never goes out before an earlier one, and every webhook
 * delivery names its reply in {@code Idempotency-Key}. A dead or live holder is simulated by a {@code replica} row
 * whose heartbeat is old or in the future.
 */
@QuarkusTest
class DeliveryClaimsTest extends EngineTestBase {

    @Inject
    EntityManager entityManager;
    @Inject
    ConversationRepository conversations;
    @Inject
    ReplicaHeartbeat replica;

    private record Hooked(String botId, String channelId) {
    }

    /** A bot whose webhook answers after 50 ms, so that deliveries' arrival order is unambiguous. */
    private Hooked slowHookBot() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        Fakes.wiremock().stubFor(post(urlEqualTo("/hook/" + bot.id)).willReturn(aResponse().withStatus(200).withFixedDelay(50)));
        return new Hooked(bot.id, publishWithWebhook(bot));
    }

    private static List<LoggedRequest> hookCalls(String botId) {
        return Fakes.wiremock().findAll(postRequestedFor(urlEqualTo("/hook/" + botId))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    private static List<String> deliveredIds(String botId) {
        return hookCalls(botId).stream().map(r -> r.getHeader(WebhookSender.IDEMPOTENCY_KEY)).toList();
    }

    /** A replica that holds claims: its heartbeat is {@code ageSeconds} old (negative: in the future, alive). */
    private String replicaBeating(long ageSeconds) {
        String id = Ids.generate("rep");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "insert into replica (id, started_at, heartbeat_at) values (?1, now(), now() - make_interval(secs => ?2))")
                .setParameter(1, id).setParameter(2, ageSeconds).executeUpdate());
        return id;
    }

    private void setHeartbeatAge(String replicaId, long ageSeconds) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                "update replica set heartbeat_at = now() - make_interval(secs => ?2) where id = ?1")
                .setParameter(1, replicaId).setParameter(2, ageSeconds).executeUpdate());
    }

    /** A decided reply waiting for delivery, claimed by {@code holder} (null: unclaimed and due). */
    private String pendingReply(String conversationId, String text, String holder) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Conversation c = conversations.findById(conversationId);
            Message m = ConversationProcessor.outbound(c, text, Instant.now());
            m.sender = Message.Sender.bot;
            if (holder != null) {
                m.claimedBy = holder;
                // as the old fixed claim did: far ahead, so only the holder's death can free it
                m.nextAttemptAt = Instant.now().plus(Duration.ofSeconds(90));
            }
            messageRepository.persist(m);
            return m.id;
        });
    }

    @Test
    void everyWebhookDeliveryCarriesTheMessageIdAsItsIdempotencyKey() {
        Hooked hook = slowHookBot();
        String conv = Channels.say(hook.channelId(), "idem-1", "what are your hours?");
        await().atMost(Duration.ofSeconds(15)).until(() -> hookCalls(hook.botId()).size() == 1);
        LoggedRequest call = hookCalls(hook.botId()).get(0);
        String stored = Conversations.messages(conv)
                .getString("data.find { it.attributes.direction == 'outbound' }.id");
        assertThat(call.getHeader(WebhookSender.IDEMPOTENCY_KEY)).isEqualTo(stored).startsWith("msg_");
        assertThat(call.getBodyAsString()).contains("\"messageId\":\"" + stored + "\"");
    }

    @Test
    void aDeadReplicasClaimedReplyIsTakenOverWithinSecondsAndGoesOutBeforeTheLaterOnes() {
        Hooked hook = slowHookBot();
        String conv = Channels.say(hook.channelId(), "crash-1", "what are your hours?");
        await().atMost(Duration.ofSeconds(15)).until(() -> hookCalls(hook.botId()).size() == 1);

        // a replica claimed "pong 13" and died before sending it; "pong 14" and "pong 15" were decided after it
        String dead = replicaBeating(60);
        String pong13 = pendingReply(conv, "pong 13", dead);
        String pong14 = pendingReply(conv, "pong 14", null);
        String pong15 = pendingReply(conv, "pong 15", null);

        await().atMost(Duration.ofSeconds(15)).until(() -> hookCalls(hook.botId()).size() == 4);
        assertThat(deliveredIds(hook.botId()).subList(1, 4)).containsExactly(pong13, pong14, pong15);
        // the sent mark is committed just after the channel's answer, so the hook can see the call first
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Conversations.outbound(conv))
                .allSatisfy(m -> assertThat(m.get("deliveryStatus")).isEqualTo("sent")));
    }

    @Test
    void aLiveReplicasClaimHoldsBackTheConversationsLaterRepliesUntilItsHeartbeatStops() throws Exception {
        Hooked hook = slowHookBot();
        String conv = Channels.say(hook.channelId(), "live-1", "what are your hours?");
        await().atMost(Duration.ofSeconds(15)).until(() -> hookCalls(hook.botId()).size() == 1);

        String live = replicaBeating(-3600);
        String first = pendingReply(conv, "first", live);
        String second = pendingReply(conv, "second", null);
        // a new customer message is decided while the claim is held: its reply queues behind too
        Channels.say(hook.channelId(), "live-1", "hours again?");
        await().atMost(Duration.ofSeconds(15)).until(() -> Conversations.replies(conv).size() == 4);
        // several sweeps (every second) pass: nothing overtakes the held reply
        Thread.sleep(2_500);
        assertThat(hookCalls(hook.botId())).hasSize(1);

        setHeartbeatAge(live, 60);
        await().atMost(Duration.ofSeconds(15)).until(() -> hookCalls(hook.botId()).size() == 4);
        List<String> ids = deliveredIds(hook.botId());
        assertThat(ids.subList(1, 3)).containsExactly(first, second);
        assertThat(Conversations.outbound(conv).get(3).get("text")).isEqualTo("9 to 5");
        assertThat(ids.get(3)).isNotIn(first, second);
    }

    @Test
    void thisReplicaBeatsAndAStoppedHeartbeatIsNotLive() {
        Object age = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "select extract(epoch from now() - heartbeat_at) from replica where id = ?1")
                .setParameter(1, replica.id()).getSingleResult());
        assertThat(((Number) age).doubleValue()).isLessThan(replica.claimTimeoutSeconds());
    }
}
