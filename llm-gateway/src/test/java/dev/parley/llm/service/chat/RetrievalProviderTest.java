package dev.parley.llm.service.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.parley.llm.testing.BotServiceFake;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/** The {@code retrieval} provider answers from the passages it is given, with no model and no network. */
@QuarkusTest
class RetrievalProviderTest {

    @BotServiceFake.InjectBotService
    WireMockServer botService;

    static final String DOCUMENTS = """
            [{"id": "kb_refunds", "title": "Refunds", "text": "Refunds are paid back to the original card within 14 days of receiving the return."},
             {"id": "kb_shipping", "title": "Shipping", "text": "Standard shipping takes 3 to 5 business days; express shipping arrives the next day."},
             {"id": "kb_hours", "title": "Opening hours", "text": "Our support team is available Monday to Friday from 9 am to 6 pm."}]""";

    static RequestSpecification asAlice() {
        return given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json");
    }

    @Test
    void answersWithTheBestPassageAndItsScore() {
        asAlice().body("""
                {"model": "retrieval", "documents": %s,
                 "messages": [{"role": "user", "content": "How long does shipping take?"}]}""".formatted(DOCUMENTS))
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("model", equalTo("retrieval"))
                .body("choices[0].message.content", equalTo(
                        "Standard shipping takes 3 to 5 business days; express shipping arrives the next day."))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("sources[0].id", equalTo("kb_shipping"))
                .body("sources[0].title", equalTo("Shipping"))
                .body("sources[0].score", greaterThan(0.45f))
                .body("usage.completion_tokens", equalTo(0));
    }

    @Test
    void looksUpThePassagesOfTheKnowledgeBaseItIsGiven() {
        String kb = Ids.generate("kb");
        botService.stubFor(post("/v1/knowledge-bases/" + kb + "/query").willReturn(okJson("""
                {"data": [{"documentId": "doc_returns", "title": "Returns", "position": 0, "score": 0.71,
                           "text": "You can return any item within 30 days for a full refund."},
                          {"documentId": "doc_shipping", "title": "Shipping", "position": 0, "score": 0.22,
                           "text": "Standard shipping takes 3 to 5 business days."}]}""")));

        var answer = asAlice().header("X-Parley-Knowledge-Base-Id", kb).body("""
                {"model": "retrieval", "messages": [{"role": "user", "content": "How many days do I have to return an item?"}]}""")
                .post("/v1/chat/completions");
        botService.verify(1, postRequestedFor(urlEqualTo("/v1/knowledge-bases/" + kb + "/query"))
                .withHeader("X-Parley-Tenant-Id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("tnt_acme"))
                .withRequestBody(matchingJsonPath("$.query", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                        "How many days do I have to return an item?"))));
        answer.then().statusCode(200)
                .body("choices[0].message.content", equalTo("You can return any item within 30 days for a full refund."))
                .body("sources[0].type", equalTo("knowledge_base"))
                .body("sources[0].documentId", equalTo("doc_returns"))
                .body("sources[0].excerpt", equalTo("You can return any item within 30 days for a full refund."));
    }

    @Test
    void saysSoWhenNothingMatches() {
        asAlice().body("""
                {"model": "retrieval", "documents": %s,
                 "messages": [{"role": "user", "content": "Which telescope sees the rings of Saturn best?"}]}"""
                .formatted(DOCUMENTS))
                .post("/v1/chat/completions")
                .then().statusCode(200)
                .body("choices[0].message.content", equalTo("I could not find anything about that in the knowledge base."))
                .body("sources", nullValue());
    }

    @Test
    void streamsItsAnswerLikeAnyModel() {
        String body = asAlice().body("""
                {"model": "retrieval", "stream": true, "documents": %s,
                 "messages": [{"role": "user", "content": "When can I reach support?"}]}""".formatted(DOCUMENTS))
                .post("/v1/chat/completions")
                .then().statusCode(200).contentType("text/event-stream")
                .extract().asString();
        assertThat(body).contains("\"content\":\"Our support team is available Monday to Friday from 9 am to 6 pm.\"")
                .contains("\"finish_reason\":\"stop\"").contains("\"id\":\"kb_hours\"").endsWith("data: [DONE]\n\n");
    }
}
