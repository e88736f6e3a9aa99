package dev.parley.conversation.service;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.testing.Channels;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.EventLog;
import dev.parley.conversation.testing.Fakes;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.Topics;
import dev.parley.events.bot.Flow;
import dev.parley.events.bot.TransferConfig;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14.11: a flow's {@code panelConfig} shown with the conversation — the session and the handoff (which routing
 * turns into the transfer) carry the panel's sections and fields with the values the customer gave.
 */
@QuarkusTest
class ContactPanelTest extends EngineTestBase {

    static EventLog conversationEvents;

    @BeforeAll
    static void tail() {
        conversationEvents = new EventLog(Topics.CONVERSATIONS, new ObjectMapper());
    }

    @AfterAll
    static void close() {
        conversationEvents.close();
    }

    @BeforeEach
    void hooks() {
        Fakes.wiremock().stubFor(post(urlPathMatching("/hook/.*")).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void theSessionAndTheHandoffShowTheFlowsPanelWithTheCustomersAnswers() {
        Flow.PanelConfig panel = new Flow.PanelConfig(List.of(
                new Flow.PanelConfig.Section("extra", "More", 2, true, true, 2, List.of(
                        new Flow.PanelConfig.Field("city", "City", 1, "text", null))),
                new Flow.PanelConfig.Section("customer", "Customer Info", 1, true, false, 1, List.of(
                        new Flow.PanelConfig.Field("comment", "Comment", 2, null, null),
                        new Flow.PanelConfig.Field("name", "Name", 1, "badge", "success")))));
        TestBot bot = new TestBot();
        Flow flow = new Flow(Ids.generate("flow"), "Intake", List.of("intake"), null, null, true, panel, List.of(
                new Flow.Step("name", 1, "Your name?", Flow.MessageType.TEXT, Flow.InputType.TEXT, null, null, null, null,
                        "name", null, null, null),
                new Flow.Step("comment", 2, "Anything to add?", Flow.MessageType.TEXT, Flow.InputType.TEXT, null, null, null,
                        null, "comment", null, null, null),
                new Flow.Step("handover", 3, "Passing you on...", Flow.MessageType.TRANSFER, null, null, null, null, null,
                        null, null, new TransferConfig(null, "From {{name}}"), null)));
        bot.flows.add(flow);
        // a flow whose panel shows nothing this session has is left out
        bot.flows.add(new Flow(Ids.generate("flow"), "Other", List.of("other"), null, null, true,
                new Flow.PanelConfig(List.of(new Flow.PanelConfig.Section("o", "Other", 1, false, false, 1,
                        List.of(new Flow.PanelConfig.Field("order", "Order", 1, null, null))))), List.of(
                new Flow.Step("order", 1, "Order number?", Flow.MessageType.TEXT, Flow.InputType.TEXT, null, null, null,
                        null, "order", null, null, null))));
        String channel = publishWithWebhook(bot);
        String conv = Channels.say(channel, "u1", "intake please");
        assertThat(decided(conv)).containsExactly("Your name?");

        // while the flow runs, its panel shows with the fields still empty
        JsonPath running = session(bot.id);
        assertThat(running.getList("data[0].attributes.panels")).hasSize(1);
        assertThat(running.getString("data[0].attributes.panels[0].flowName")).isEqualTo("Intake");
        assertThat(running.getString("data[0].attributes.panels[0].sections[0].id")).isEqualTo("customer");
        assertThat(running.getString("data[0].attributes.panels[0].sections[0].fields[0].key")).isEqualTo("name");
        assertThat(running.getMap("data[0].attributes.panels[0].sections[0].fields[0]")).containsEntry("value", null);

        Channels.say(channel, "u1", "Ann");
        Channels.say(channel, "u1", "Call me after six");
        assertThat(decided(conv)).last().isEqualTo("Passing you on...");

        JsonNode handoff = conversationEvents.take(conv, "handoff.requested");
        JsonNode panels = handoff.path("panels");
        assertThat(panels).hasSize(1);
        assertThat(panels.get(0).path("flowId").asText()).isEqualTo(flow.id());
        JsonNode customer = panels.get(0).path("sections").get(0);
        assertThat(customer.path("label").asText()).isEqualTo("Customer Info");
        assertThat(customer.path("fields").get(0).path("label").asText()).isEqualTo("Name");
        assertThat(customer.path("fields").get(0).path("value").asText()).isEqualTo("Ann");
        assertThat(customer.path("fields").get(0).path("displayType").asText()).isEqualTo("badge");
        assertThat(customer.path("fields").get(1).path("value").asText()).isEqualTo("Call me after six");
        JsonNode extra = panels.get(0).path("sections").get(1);
        assertThat(extra.path("fields").get(0).path("key").asText()).isEqualTo("city");
        assertThat(extra.path("fields").get(0).path("value").isNull()).isTrue();

        // after the flow ended, the session still shows the panel of what was collected
        JsonPath after = session(bot.id);
        assertThat(after.getString("data[0].attributes.currentFlowId")).isNull();
        assertThat(after.getList("data[0].attributes.panels")).hasSize(1);
        assertThat(after.getString("data[0].attributes.panels[0].sections[0].fields[1].value")).isEqualTo("Call me after six");
    }

    private static JsonPath session(String botId) {
        return RestAssured.given().header("Authorization", Keycloak.bearer("alice"))
                .when().get("/v1/sessions?botId=" + botId).then().statusCode(200).extract().jsonPath();
    }
}
