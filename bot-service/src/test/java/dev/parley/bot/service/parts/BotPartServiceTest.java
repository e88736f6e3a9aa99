package dev.parley.bot.service.parts;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.BotApi.minimalBot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.parley.bot.Bot;
import dev.parley.events.bot.AiContext;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The one implementation behind keyword rules and AI contexts, seen through AI contexts (500 a bot): a bot holds at
 * most its kind's limit, whether the parts come one by one or in an imported document.
 */
@QuarkusTest
class BotPartServiceTest {

    static final String ALICE = Keycloak.bearer("alice");

    @Inject
    AiContextService contexts;

    @Inject
    EntityManager entityManager;

    static AiContext context(String name) {
        return new AiContext(null, name, List.of(name.toLowerCase()), AiContext.ContextType.STATIC, "About " + name, null,
                0, true);
    }

    /** Gives the bot {@code count} contexts as an import adds them (no request per context). */
    void fill(String botId, int count) {
        QuarkusTransaction.requiringNew().run(() -> contexts.importInto(entityManager.find(Bot.class, botId),
                IntStream.range(0, count).mapToObj(i -> context("Filler " + i)).toList(), false));
    }

    static int count(String botId) {
        return as(ALICE).queryParam("perPage", 1).get("/v1/bots/" + botId + "/ai-contexts").then().statusCode(200)
                .extract().path("meta.pagination.totalCount");
    }

    @Test
    void aBotTakesAtMostItsLimitAndDeletingOneMakesRoom() {
        String bot = createBot(ALICE, minimalBot("Full of contexts"));
        String path = "/v1/bots/" + bot + "/ai-contexts";
        fill(bot, AiContextService.MAX_PER_BOT);
        String body = "{\"name\": \"One more\", \"content\": \"x\"}";

        as(ALICE).body(body).post(path).then().statusCode(409).body("code", equalTo("LIMIT_EXCEEDED"));
        assertCount(bot, AiContextService.MAX_PER_BOT);

        String any = as(ALICE).queryParam("perPage", 1).get(path).then().extract().path("data[0].id");
        as(ALICE).delete(path + "/" + any).then().statusCode(204);
        as(ALICE).body(body).post(path).then().statusCode(201);
        assertCount(bot, AiContextService.MAX_PER_BOT);
    }

    @Test
    void anImportCannotTakeABotOverItsLimitEither() {
        String bot = createBot(ALICE, minimalBot("Almost full of contexts"));
        fill(bot, AiContextService.MAX_PER_BOT - 1);
        String twoNew = """
                {"aiContexts": [
                  {"name": "Returns", "contextType": "static", "content": "30 days", "priority": 0, "enabled": true},
                  {"name": "Warranty", "contextType": "static", "content": "2 years", "priority": 0, "enabled": true}]}""";

        as(ALICE).body(twoNew).post("/v1/bots/" + bot + "/import").then().statusCode(409)
                .body("code", equalTo("LIMIT_EXCEEDED"));
        assertCount(bot, AiContextService.MAX_PER_BOT - 1);

        // overwriting same-named contexts adds none, so the bot stays within its limit
        String sameNames = """
                {"aiContexts": [
                  {"name": "Filler 0", "contextType": "static", "content": "new", "priority": 0, "enabled": true},
                  {"name": "Returns", "contextType": "static", "content": "30 days", "priority": 0, "enabled": true}]}""";
        as(ALICE).queryParam("overwrite", "true").body(sameNames).post("/v1/bots/" + bot + "/import").then().statusCode(200);
        assertCount(bot, AiContextService.MAX_PER_BOT);
    }

    static void assertCount(String botId, int expected) {
        assertThat(count(botId)).isEqualTo(expected);
    }
}
