package dev.parley.conversation.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.Message;
import dev.parley.conversation.messaging.ConversationEvents;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.bot.KeywordRule;
import dev.parley.events.conversation.ConversationEvent;
import dev.parley.events.conversation.MessageEvent;
import dev.parley.platform.id.Ids;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The arrivals' statement ({@link MessageRepository#insertInboundAll}): a message is stored once per channel message
 * id, with the conversation it opens and its events (a redelivery's not), its conversation's last message time follows
 * it, and a conversation another transaction holds (being decided) does not keep the channel's answer waiting.
 */
@QuarkusTest
class InboundStorageTest extends EngineTestBase {

    @Inject
    EntityManager entityManager;
    @Inject
    ConversationRepository conversations;
    @Inject
    AgroalDataSource database;
    @Inject
    ConversationEvents conversationEvents;

    private Conversation answeredConversation() {
        TestBot bot = new TestBot();
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "9 to 5", "hours"));
        String conversation = Channels.say(publishWithWebhook(bot), "ann" + System.nanoTime(), "your hours?");
        assertThat(decided(conversation)).containsExactly("9 to 5");
        return QuarkusTransaction.requiringNew().call(() -> conversations.findById(conversation));
    }

    private static Message inbound(Conversation conversation, String channelMessageId) {
        Message m = new Message();
        m.id = Ids.generate("msg");
        m.tenantId = conversation.tenantId;
        m.conversationId = conversation.id;
        m.channelId = conversation.channelId;
        m.direction = Message.Direction.inbound;
        m.sender = Message.Sender.contact;
        m.text = "one more thing";
        m.channelMessageId = channelMessageId;
        return m;
    }

    private Instant lastMessageAt(String conversationId) {
        return ((OffsetDateTime) entityManager.createNativeQuery(
                "select last_message_at from conversation where id = ?1", OffsetDateTime.class)
                .setParameter(1, conversationId).getSingleResult()).toInstant();
    }

    @Test
    void aStoredMessageMovesItsConversationsLastMessageTimeAndARedeliveryIsStoredOnce() {
        Conversation conversation = answeredConversation();
        Instant later = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MICROS);
        Message first = inbound(conversation, "wamid." + System.nanoTime());
        Message redelivered = inbound(conversation, first.channelMessageId);

        QuarkusTransaction.requiringNew().run(() -> {
            Set<String> stored = messageRepository.insertInboundAll(List.of(), List.of(first, redelivered), later,
                    List.of(), List.of());
            assertThat(stored).containsExactly(first.id);
            assertThat(lastMessageAt(conversation.id)).isEqualTo(later);
        });
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(messageRepository.insertInboundAll(List.of(),
                    List.of(inbound(conversation, first.channelMessageId)), later.plusSeconds(1), List.of(), List.of()))
                    .isEmpty();
            assertThat(lastMessageAt(conversation.id)).isEqualTo(later); // a redelivery alone moves nothing
        });
    }

    @Test
    void aNewConversationItsMessagesAndTheirEventsAreStoredTogetherButNotARedeliverysEvent() {
        Conversation answered = answeredConversation();
        Conversation opened = new Conversation();
        opened.id = Ids.generate("conv");
        opened.tenantId = answered.tenantId;
        opened.botId = answered.botId;
        opened.channelId = answered.channelId;
        opened.channelType = answered.channelType;
        opened.contactId = answered.contactId;
        opened.status = ConversationStatus.OPEN;
        Message first = inbound(opened, "wamid." + System.nanoTime());
        Message redelivered = inbound(opened, first.channelMessageId);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        first.createdAt = at;
        redelivered.createdAt = at;
        ConversationEvents.Batch batch = conversationEvents.batch();
        batch.started(opened, "Ann");
        batch.received(opened, first);
        batch.received(opened, redelivered);

        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(messageRepository.insertInboundAll(List.of(opened), List.of(first, redelivered), at,
                    batch.events(), batch.inboundIds())).containsExactly(first.id);
            // read before the commit, so the relay has not taken them yet
            @SuppressWarnings("unchecked")
            List<Object[]> events = entityManager.createNativeQuery("""
                    select type, payload::jsonb ->> 'messageId' from outbox_event where message_key = ?1 order by id""")
                    .setParameter(1, opened.id).getResultList();
            assertThat(events).extracting(e -> e[0] + " " + e[1])
                    .containsExactly(ConversationEvent.STARTED + " null", MessageEvent.RECEIVED + " " + first.id);
            assertThat(lastMessageAt(opened.id)).isEqualTo(at);
            assertThat(messageRepository.unprocessed(opened.id)).extracting(m -> m.id).containsExactly(first.id);
        });
    }

    @Test
    void aConversationBeingDecidedDoesNotHoldTheArrivalBack() throws Exception {
        Conversation conversation = answeredConversation();
        Instant before = QuarkusTransaction.requiringNew().call(() -> lastMessageAt(conversation.id));
        Message next = inbound(conversation, "wamid." + System.nanoTime());
        try (Connection decider = database.getConnection()) {
            decider.setAutoCommit(false);
            try (PreparedStatement lock = decider.prepareStatement(
                    "select id from conversation where id = ? for no key update")) {
                lock.setString(1, conversation.id);
                lock.executeQuery().close();
            }
            // held as the decider holds it: the message is stored at once, its time left to the decision
            QuarkusTransaction.requiringNew().run(() -> {
                assertThat(messageRepository.insertInboundAll(List.of(), List.of(next), Instant.now().plusSeconds(60),
                        List.of(), List.of()))
                        .containsExactly(next.id);
                assertThat(lastMessageAt(conversation.id)).isEqualTo(before);
            });
            decider.rollback();
        }
    }
}
