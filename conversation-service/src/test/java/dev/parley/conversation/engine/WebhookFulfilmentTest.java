package dev.parley.conversation.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.parley.conversation.channel.Signatures;
import dev.parley.conversation.testing.BotConfigs;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14.10: a bot's fulfilment webhook (Tiledesk's {@code webhook_enabled}/{@code webhook_url}) is called for its
 * intents' answers, through the outbound guard, against a local HTTP receiver.
 */
@QuarkusTest
class WebhookFulfilmentTest extends EngineTestBase {

    static final String SECRET = "bsk_" + "f".repeat(40);

    @BeforeEach
    void hooks() {
        Fakes.wiremock().stubFor(post(urlPathMatching("/hook/.*")).willReturn(aResponse().withStatus(200)));
    }

    private TestBot fulfilledBot(String path) {
        TestBot bot = new TestBot();
        bot.webhookEnabled = true;
        bot.webhookUrl = Fakes.BASE + path;
        bot.rules.add(TestBot.textRule("hours", 1, KeywordRule.MatchType.CONTAINS, "From 9 to 6, {{name}}.", "hours"));
        return bot;
    }

    private String publish(TestBot bot, String secret) {
        Channel channel = Channels.webhook(cipher, Fakes.BASE + "/hook/" + bot.id);
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot, secret == null ? null : cipher.encrypt(secret));
        return channel.id();
    }

    @Test
    void theWebhooksAnswerReplacesTheIntentsAnswer() throws Exception {
        String path = "/fulfil/" + Ids.random(8);
        Fakes.wiremock().stubFor(post(urlEqualTo(path)).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"text\": \"Fulfilled {{jsonPath request.body '$.intent.name'}}: "
                        + "{{jsonPath request.body '$.intent.answer.text'}}\", \"buttons\": [{\"title\": \"Thanks\"}]}")
                .withTransformers("response-template")));
        TestBot bot = fulfilledBot(path);
        String channel = publish(bot, SECRET);
        String conv = Channels.say(channel, "u1", "what are your opening hours?");
        assertThat(decided(conv)).containsExactly("Fulfilled hours: From 9 to 6, .");

        LoggedRequest call = Fakes.wiremock().findAll(postRequestedFor(urlEqualTo(path))).get(0);
        assertThat(call.getHeader("X-Parley-Signature")).isEqualTo(Signatures.sha256Header(SECRET, call.getBody()));
        JsonNode body = json.readTree(call.getBodyAsString());
        assertThat(body.path("botId").asText()).isEqualTo(bot.id);
        assertThat(body.path("conversationId").asText()).isEqualTo(conv);
        assertThat(body.path("message").path("text").asText()).isEqualTo("what are your opening hours?");
        assertThat(body.path("intent").path("name").asText()).isEqualTo("hours");
        // the reply keeps the rule's intent, so statistics count it as that intent
        assertThat(QuarkusTransaction.requiringNew().call(() ->
                messageRepository.count("conversationId = ?1 and intent = ?2", conv, "keyword:hours"))).isEqualTo(1);
    }

    @Test
    void anEmptyAnswerOrAFailingWebhookKeepsTheIntentsAnswer() {
        String empty = "/fulfil/" + Ids.random(8);
        Fakes.wiremock().stubFor(post(urlEqualTo(empty)).willReturn(aResponse().withStatus(204)));
        String channel = publish(fulfilledBot(empty), null);
        assertThat(decided(Channels.say(channel, "u1", "hours?"))).containsExactly("From 9 to 6, .");
        assertThat(Fakes.wiremock().findAll(postRequestedFor(urlEqualTo(empty)))).hasSize(1);
        assertThat(Fakes.wiremock().findAll(postRequestedFor(urlEqualTo(empty))).get(0).getHeader("X-Parley-Signature"))
                .isNull();

        String failing = "/fulfil/" + Ids.random(8);
        Fakes.wiremock().stubFor(post(urlEqualTo(failing)).willReturn(aResponse().withStatus(500)));
        String other = publish(fulfilledBot(failing), null);
        assertThat(decided(Channels.say(other, "u1", "hours?"))).containsExactly("From 9 to 6, .");
    }

    @Test
    void aBotWithoutWebhookFulfilmentOrAnAddressTheGuardRefusesAnswersItself() {
        String path = "/fulfil/" + Ids.random(8);
        TestBot off = fulfilledBot(path);
        off.webhookEnabled = false;
        String channel = publish(off, null);
        assertThat(decided(Channels.say(channel, "u1", "hours?"))).containsExactly("From 9 to 6, .");
        assertThat(Fakes.wiremock().findAll(postRequestedFor(urlEqualTo(path)))).isEmpty();

        TestBot metadata = fulfilledBot(path);
        metadata.webhookUrl = "http://169.254.169.254/latest/meta-data";
        String guarded = publish(metadata, null);
        assertThat(decided(Channels.say(guarded, "u1", "hours?"))).containsExactly("From 9 to 6, .");
    }
}
