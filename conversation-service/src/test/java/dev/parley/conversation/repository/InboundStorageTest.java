package dev.parley.conversation.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.Message;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.bot.KeywordRule;
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
 * id, its conversation's last message time follows it, and a conversation another transaction holds (being decided)
 * does not keep the channel's answer waiting.
 */
@QuarkusTest
class InboundStorageTest extends EngineTestBase {

    @Inject
    EntityManager entityManager;
    @Inject
    ConversationRepository conversations;
    @Inject
    AgroalDataSource database;

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
            Set<String> stored = messageRepository.insertInboundAll(List.of(first, redelivered), later);
            assertThat(stored).containsExactly(first.id);
            assertThat(lastMessageAt(conversation.id)).isEqualTo(later);
        });
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(messageRepository.insertInboundAll(List.of(inbound(conversation, first.channelMessageId)),
                    later.plusSeconds(1))).isEmpty();
            assertThat(lastMessageAt(conversation.id)).isEqualTo(later); // a redelivery alone moves nothing
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
                assertThat(messageRepository.insertInboundAll(List.of(next), Instant.now().plusSeconds(60)))
                        .containsExactly(next.id);
                assertThat(lastMessageAt(conversation.id)).isEqualTo(before);
            });
            decider.rollback();
        }
    }
}
