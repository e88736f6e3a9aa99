package dev.parley.conversation.messaging;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.Conversations;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.EventLog;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.Topics;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasing a conversation tells routing, which ends its open transfer and frees the agent's slot (routing-service's
 * {@code HandoffFlowTest} takes it from there): {@code conversation.deleted} on {@code parley.conversations}, keyed by
 * the conversation, written through the outbox by the erasing transaction, with the conversation's ids and never the
 * contact's name.
 */
@QuarkusTest
class ConversationDeletedTest extends EngineTestBase {

    static EventLog events;

    @BeforeAll
    static void tail() {
        events = new EventLog(Topics.CONVERSATIONS, new ObjectMapper());
    }

    @AfterAll
    static void close() {
        events.close();
    }

    @Test
    void deletingAHandedOffConversationPublishesConversationDeleted() {
        Fakes.wiremock().stubFor(post(urlPathMatching("/hook/.*")).willReturn(aResponse().withStatus(200)));
        TestBot bot = new TestBot();
        bot.handoff = new BotBehaviors.Handoff(true, List.of("agent"), null);
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "erase-me-" + System.nanoTime(), "agent");
        decided(conv);
        events.take(conv, "handoff.requested");
        String contact = Conversations.conversation(conv).getString("data.attributes.contactId");

        given().header("Authorization", Keycloak.bearer("bob")).when().delete("/v1/conversations/" + conv)
                .then().statusCode(404);
        given().header("Authorization", Keycloak.bearer("alice")).when().delete("/v1/conversations/" + conv)
                .then().statusCode(204);

        JsonNode deleted = events.take(conv, "conversation.deleted");
        assertThat(deleted.path("tenantId").asText()).isEqualTo("tnt_acme");
        assertThat(deleted.path("conversationId").asText()).isEqualTo(conv);
        assertThat(deleted.path("botId").asText()).isEqualTo(bot.id);
        assertThat(deleted.path("channelId").asText()).isEqualTo(channel);
        assertThat(deleted.path("contactId").asText()).isEqualTo(contact);
        assertThat(deleted.path("status").asText()).isEqualTo("deleted");
        assertThat(deleted.has("contactName")).isFalse();
    }
}
