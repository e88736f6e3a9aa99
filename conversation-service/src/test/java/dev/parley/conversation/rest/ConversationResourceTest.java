package dev.parley.conversation.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConversationResourceTest {

    @Inject
    ConversationRepository conversations;

    String acmeBot;
    String acmeOpen;
    String globexOpen;

    @BeforeEach
    void seed() {
        acmeBot = Ids.generate("bot");
        acmeOpen = insert("tnt_acme", acmeBot, ConversationStatus.OPEN);
        insert("tnt_acme", acmeBot, ConversationStatus.CLOSED);
        globexOpen = insert("tnt_globex", Ids.generate("bot"), ConversationStatus.OPEN);
    }

    @Test
    void listsOnlyTheCallersTenantFilteredByBotAndStatus() {
        given().header("Authorization", Keycloak.bearer("alice"))
                .queryParam("botId", acmeBot).queryParam("status", "open")
                .when().get("/v1/conversations")
                .then().statusCode(200)
                .body("meta.pagination.totalCount", equalTo(1))
                .body("data[0].id", equalTo(acmeOpen))
                .body("data[0].type", equalTo("conversation"))
                .body("data[0].attributes.status", equalTo("open"));
        given().header("Authorization", Keycloak.bearer("alice"))
                .when().get("/v1/conversations?perPage=100")
                .then().statusCode(200)
                .body("data.id", not(hasItem(globexOpen)))
                .body("data.attributes.botId", everyItem(not(equalTo(null))));
    }

    @Test
    void anotherTenantsConversationIsNotFound() {
        given().header("Authorization", Keycloak.bearer("bob")).when().get("/v1/conversations/" + acmeOpen)
                .then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("CONVERSATION_NOT_FOUND"));
        given().header("Authorization", Keycloak.bearer("alice")).when().get("/v1/conversations/" + acmeOpen)
                .then().statusCode(200).body("data.attributes.botId", equalTo(acmeBot));
    }

    @Test
    void badQueryValuesAreValidationErrors() {
        given().header("Authorization", Keycloak.bearer("alice")).when().get("/v1/conversations?status=lost&perPage=500")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR"))
                .body("errors.field", hasItem("status"));
        given().header("Authorization", Keycloak.bearer("alice")).when().get("/v1/conversations?page=abc")
                .then().statusCode(400).body("errors[0].field", equalTo("page"));
    }

    private String insert(String tenant, String bot, ConversationStatus status) {
        Conversation c = new Conversation();
        c.id = Ids.generate("conv");
        c.tenantId = tenant;
        c.botId = bot;
        c.status = status;
        c.createdAt = Instant.now();
        c.updatedAt = c.createdAt;
        QuarkusTransaction.requiringNew().run(() -> conversations.persist(c));
        return c.id;
    }
}
