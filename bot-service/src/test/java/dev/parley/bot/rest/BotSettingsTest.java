package dev.parley.bot.rest;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Issue 14.11: Whatomate's chatbot settings on a bot, read from and written to the bot's own configuration (one
 * place for each setting: what the settings change, the bot shows, and the other way round).
 */
@QuarkusTest
class BotSettingsTest {

    static final String ALICE = Keycloak.bearer("alice");

    /** The seed's PUT body, as written (snake_case), with a model of Parley's catalogue. */
    static final String SEED_PUT = """
            { "chatbot_enabled": true, "ai_enabled": true, "ai_provider": "anthropic", "ai_model": "claude-3-sonnet",
              "ai_temperature": 0.7, "system_prompt": "You are a helpful assistant for our e-commerce store...",
              "greeting_message": "Welcome! How can I assist you today?",
              "greeting_buttons": [ {"title": "My Orders"}, {"title": "Get Support"} ],
              "fallback_message": "I'm not sure I understand. Please choose an option:",
              "fallback_buttons": [ {"title": "Main Menu"} ],
              "transfer_keywords": ["agent", "human", "help"] }""";

    @Test
    void theSeedsSettingsAreTheBotsConfiguration() {
        String bot = createBot(ALICE, "{\"name\": \"Store bot\", \"provider\": \"openai\", \"model\": \"gpt-4\"}");
        String settings = "/v1/bots/" + bot + "/settings";
        as(ALICE).get(settings).then().statusCode(200)
                .body("data.type", equalTo("bot_settings"))
                .body("data.attributes.chatbotEnabled", equalTo(false))
                .body("data.attributes.aiEnabled", equalTo(true))
                .body("data.attributes.aiProvider", equalTo("openai"))
                .body("data.attributes.transferKeywords", hasSize(0));

        as(ALICE).body(SEED_PUT).put(settings).then().statusCode(200)
                .body("data.attributes.chatbotEnabled", equalTo(true))
                .body("data.attributes.aiProvider", equalTo("anthropic"))
                .body("data.attributes.aiModel", equalTo("claude-3-sonnet"))
                .body("data.attributes.aiTemperature", equalTo(0.7f))
                .body("data.attributes.greetingMessage", equalTo("Welcome! How can I assist you today?"))
                .body("data.attributes.greetingButtons.title", contains("My Orders", "Get Support"))
                .body("data.attributes.greetingButtons.id", everyItem(startsWith("btn_")))
                .body("data.attributes.fallbackButtons.title", contains("Main Menu"))
                .body("data.attributes.transferKeywords", contains("agent", "human", "help"));

        // The same settings are the bot's: its status, provider, config and behaviors.
        as(ALICE).get("/v1/bots/" + bot).then().statusCode(200)
                .body("data.attributes.status", equalTo("active"))
                .body("data.attributes.provider", equalTo("anthropic"))
                .body("data.attributes.model", equalTo("claude-3-sonnet"))
                .body("data.attributes.config.systemPrompt", equalTo("You are a helpful assistant for our e-commerce store..."))
                .body("data.attributes.behaviors.greeting.enabled", equalTo(true))
                .body("data.attributes.behaviors.greeting.buttons.title", contains("My Orders", "Get Support"))
                .body("data.attributes.behaviors.fallback.message", equalTo("I'm not sure I understand. Please choose an option:"))
                .body("data.attributes.behaviors.handoff.triggers", contains("agent", "human", "help"));

        // A change to the bot shows in its settings.
        as(ALICE).body("{\"behaviors\": {\"greeting\": {\"message\": \"Ciao!\"}}}").patch("/v1/bots/" + bot).then().statusCode(200);
        as(ALICE).get(settings).then().body("data.attributes.greetingMessage", equalTo("Ciao!"))
                .body("data.attributes.greetingButtons.title", contains("My Orders", "Get Support"));

        // AI off: the bot answers without a provider; back on needs one. Business hours and the chatbot switch.
        as(ALICE).body("{\"ai_enabled\": false, \"chatbot_enabled\": false}").put(settings).then().statusCode(200)
                .body("data.attributes.aiEnabled", equalTo(false))
                .body("data.attributes.aiProvider", nullValue())
                .body("data.attributes.chatbotEnabled", equalTo(false));
        as(ALICE).get("/v1/bots/" + bot).then().body("data.attributes.provider", equalTo("none"))
                .body("data.attributes.model", nullValue()).body("data.attributes.status", equalTo("inactive"));
        as(ALICE).body("{\"ai_enabled\": true}").put(settings).then().statusCode(400)
                .body("errors[0].field", equalTo("aiProvider"));
        as(ALICE).body("""
                {"ai_enabled": true, "ai_provider": "openai", "ai_model": "gpt-4", "business_hours_enabled": true,
                 "business_hours_timezone": "Europe/Rome",
                 "business_hours": [{"day": "monday", "open": "09:00", "close": "18:00"}],
                 "offline_message": "We are closed."}""").put(settings).then().statusCode(200)
                .body("data.attributes.aiEnabled", equalTo(true))
                .body("data.attributes.businessHoursEnabled", equalTo(true))
                .body("data.attributes.businessHours[0].day", equalTo("monday"))
                .body("data.attributes.offlineMessage", equalTo("We are closed."));
        as(ALICE).get("/v1/bots/" + bot).then()
                .body("data.attributes.behaviors.businessHours.timezone", equalTo("Europe/Rome"))
                .body("data.attributes.behaviors.offlineMessage.message", equalTo("We are closed."));
    }

    @Test
    void badSettingsAreProblemsAndAnotherTenantsBotIsNotFound() {
        String bot = createBot(ALICE, "{\"name\": \"Checked\", \"provider\": \"openai\", \"model\": \"gpt-4\"}");
        String settings = "/v1/bots/" + bot + "/settings";
        as(ALICE).body("{\"greeting_buttons\": [{\"title\": \"A title far longer than twenty\"}]}").put(settings)
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        as(ALICE).body("{\"ai_model\": \"no-such-model\"}").put(settings).then().statusCode(400)
                .body("code", equalTo("INVALID_MODEL"));
        as(ALICE).body("{\"chatbot_enabled\": \"yes please\"}").put(settings).then().statusCode(400);
        as(ALICE).body("{\"unknown_setting\": 1}").put(settings).then().statusCode(400);
        as(ALICE).body("{\"business_hours_enabled\": true}").put(settings).then().statusCode(400);
        as(Keycloak.bearer("bob")).get(settings).then().statusCode(404).body("code", equalTo("BOT_NOT_FOUND"));
        as(Keycloak.bearer("bob")).body("{\"greeting_message\": \"x\"}").put(settings).then().statusCode(404);
        as(ALICE).get(settings).then().statusCode(200).body("data.attributes.greetingMessage", nullValue());
    }
}
