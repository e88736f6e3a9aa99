package dev.parley.e2e;

import static dev.parley.e2e.ServiceProcesses.BOT;
import static dev.parley.e2e.ServiceProcesses.CONVERSATION;
import static dev.parley.e2e.ServiceProcesses.ROUTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.platform.testing.Browser;
import dev.parley.platform.testing.Keycloak;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Issue 12's story at the agent's side, in a real browser (the distribution's headless Chromium) against the four
 * packaged services behind nginx with the chart's routes: a visitor goes through a keyword-and-flow bot over webchat
 * and asks for a human; the agent, signed into the desk through Keycloak's real login form, sees the transfer appear
 * without a reload, picks it up, reads the flow's notes and variables, writes a private note, adds a canned response
 * and replies with it; the visitor gets the reply and never the note; the agent resumes and the bot answers again.
 * Another tenant's agent sees none of it. Screenshots of the desk go to {@code target/screenshots}.
 */
@ExtendWith(ServiceProcesses.class)
class DeskStoryTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void anAgentTakesAHandedOffVisitorAtTheDeskAndGivesThemBackToTheBot() throws Exception {
        String base = Gateway.url();
        String alice = Keycloak.token("alice");
        String run = Long.toString(System.currentTimeMillis(), 36);

        // Routing: a manual team; Agnes (sign-in agnes) is its agent and a supervisor elsewhere. Runs share databases:
        // an earlier run's agent linked to agnes gives the link up first.
        String team = CustomerJourneyTest.created(CustomerJourneyTest.as(alice, ROUTING).body("""
                {"name": "Desk story %s", "strategy": "manual"}""".formatted(run)).post("/v1/teams").then());
        String agnes = linkedAgent(alice, "agnes", """
                {"type": "human", "name": "Agnes", "userId": "agnes", "maxChatsCount": 3, "defaultGroupPriority": "supervisor",
                 "groups": [{"id": "%s", "priority": "first"}]}""".formatted(team));
        String bob = Keycloak.token("bob");
        linkedAgent(bob, "gary", """
                {"type": "human", "name": "Gary", "userId": "gary", "defaultGroupPriority": "supervisor"}""");

        // The bot: a greeting, a keyword rule, a flow that asks with quick replies and ends in a transfer with notes.
        String flow = CustomerJourneyTest.created(CustomerJourneyTest.as(alice, BOT).body("""
                {"name": "Help %s", "triggerKeywords": ["help"], "initialMessage": "Let's sort it out.",
                 "steps": [
                   {"stepName": "topic", "stepOrder": 1, "message": "What do you need help with?", "messageType": "buttons",
                    "inputType": "select", "storeAs": "topic",
                    "buttons": [{"id": "delivery", "title": "Delivery"}, {"id": "billing", "title": "Billing"}]},
                   {"stepName": "summary", "stepOrder": 2, "message": "Tell us in a few words what happened.",
                    "messageType": "text", "inputType": "text", "storeAs": "summary"},
                   {"stepName": "handoff", "stepOrder": 3, "message": "Connecting you with a person.",
                    "messageType": "transfer", "transferConfig": {"teamId": "%s", "notes": "Topic: {{topic}}. {{summary}}"}}]}"""
                .formatted(run, team)).post("/v1/flows").then());
        String bot = CustomerJourneyTest.created(CustomerJourneyTest.as(alice, BOT).body("""
                {"name": "Desk story bot %s", "provider": "none", "flowIds": ["%s"],
                 "behaviors": {"greeting": {"enabled": true, "message": "Welcome to Acme!"}}}""".formatted(run, flow))
                .post("/v1/bots").then());
        CustomerJourneyTest.as(alice, BOT).body("""
                {"name": "Hours", "keywords": ["hours"], "matchType": "contains", "response": {"text": "We are open 9 to 5."}}""")
                .post("/v1/bots/" + bot + "/keyword-rules").then().statusCode(201);
        String channel = CustomerJourneyTest.created(CustomerJourneyTest.as(alice, BOT).body("""
                {"type": "webchat", "name": "Desk story site %s"}""".formatted(run)).post("/v1/channels").then());
        CustomerJourneyTest.as(alice, BOT).body("{\"channelId\": \"" + channel + "\"}").post("/v1/bots/" + bot + "/channels")
                .then().statusCode(either(equalTo(200)).or(equalTo(201)));
        CustomerJourneyTest.as(alice, BOT).post("/v1/bots/" + bot + "/activate").then().statusCode(200);

        JsonNode session = CustomerJourneyTest.JSON.readTree(io.restassured.RestAssured.given()
                .baseUri(ServiceProcesses.url(CONVERSATION)).contentType("application/json")
                .body("{\"channelId\": \"" + channel + "\", \"name\": \"Carla\"}").post("/v1/webchat/sessions")
                .then().statusCode(201).extract().asString()).path("data");
        CustomerJourneyTest.Visitor carla = new CustomerJourneyTest.Visitor(session.path("id").asText(),
                session.path("attributes").path("token").asText());
        String conversation = carla.say("hello");
        carla.awaitReply(text -> text.contains("Welcome to Acme!"));
        carla.say("what are your hours?");
        carla.awaitReply(text -> text.equals("We are open 9 to 5."));
        carla.say("help");
        carla.awaitReply(text -> text.contains("What do you need help with?"));
        carla.press("delivery");
        carla.awaitReply(text -> text.contains("Tell us in a few words what happened."));

        try (Browser desk = Browser.start(1280, 860)) {
            // The agent signs in on Keycloak's own page; the desk gets the token by code + PKCE.
            signIn(desk, base, "agnes");
            desk.until(d -> d.findElement(By.id("me")).getText().startsWith("Agnes"));

            // The visitor asks for a human: the transfer appears in the open desk without a reload.
            carla.say("I need a human: my parcel is two weeks late");
            carla.awaitReply(text -> text.contains("Connecting you with a person."));
            String waiting = "#waiting li[data-conversation='" + conversation + "']";
            desk.until(d -> {
                WebElement item = first(d, waiting);
                return item != null && item.getText().contains("Desk story " + run) && item.getText().contains("Topic: Delivery");
            });
            desk.screenshot("desk-queue");
            desk.until(d -> {
                d.findElement(By.cssSelector(waiting + " button.pickup")).click();
                return true;
            });

            // The whole story so far, the flow's notes and the variables it stored.
            desk.until(d -> d.findElement(By.id("transfer-notes")).getText()
                    .equals("Topic: Delivery. I need a human: my parcel is two weeks late"));
            desk.until(d -> d.findElement(By.id("variables")).getText().contains("topic"));
            desk.until(d -> d.findElement(By.id("timeline")).getText().contains("We are open 9 to 5."));
            desk.until(d -> first(d, "#mine li[data-conversation='" + conversation + "']"));

            // A private note.
            type(desk, "Customer is upset: offer the express upgrade.");
            desk.driver().findElement(By.id("private")).click();
            desk.driver().findElement(By.id("send")).click();
            desk.until(d -> first(d, "#timeline li.note"));

            // A canned response, added in the desk, then used by its shortcut.
            String shortcut = "late-" + run;
            desk.driver().findElement(By.id("canned-open")).click();
            desk.driver().findElement(By.id("canned-shortcut")).sendKeys("/" + shortcut);
            desk.driver().findElement(By.id("canned-text")).sendKeys("Sorry for the delay! Your parcel ships express today.");
            desk.driver().findElement(By.id("canned-save")).click();
            desk.until(d -> first(d, "#canned-list li[data-shortcut='" + shortcut + "']"));
            desk.driver().findElement(By.id("canned-close")).click();
            type(desk, "/" + shortcut);
            desk.until(d -> first(d, "#suggestions li[data-shortcut='" + shortcut + "']"));
            desk.driver().findElement(By.id("composer-text")).sendKeys(Keys.TAB);
            assertThat(desk.driver().findElement(By.id("composer-text")).getAttribute("value"))
                    .isEqualTo("Sorry for the delay! Your parcel ships express today.");
            desk.driver().findElement(By.id("composer-text")).sendKeys(Keys.ENTER);
            desk.until(d -> d.findElements(By.cssSelector("#timeline li.agent")).stream()
                    .anyMatch(e -> e.getText().contains("Your parcel ships express today.")));

            // The visitor gets the reply, with the agent's id on it (issue 14.6), and never the note.
            carla.awaitReply(text -> text.equals("Sorry for the delay! Your parcel ships express today."));
            assertThat(carla.history()).noneMatch(m -> m.path("text").asText().contains("express upgrade"));
            JsonNode messages = CustomerJourneyTest.JSON.readTree(CustomerJourneyTest.as(alice, CONVERSATION)
                    .get("/v1/conversations/" + conversation + "/messages?perPage=100").then().statusCode(200)
                    .extract().asString()).path("data");
            List<String> agentIds = messages.findValues("attributes").stream()
                    .filter(a -> "agent".equals(a.path("sender").asText())).map(a -> a.path("agentId").asText()).toList();
            assertThat(agentIds).containsExactly(agnes);
            carla.say("thank you!");
            desk.until(d -> d.findElement(By.id("timeline")).getText().contains("thank you!"));
            desk.screenshot("desk");
            assertThat(desk.console()).noneMatch(line -> line.contains("Content Security Policy"));

            // Back to the bot, which answers the next question.
            desk.driver().findElement(By.id("resume")).click();
            desk.until(d -> !d.findElement(By.id("empty")).isDisplayed() ? null : true);
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                carla.say("and your hours?");
                carla.awaitReply(text -> text.equals("We are open 9 to 5."), Duration.ofSeconds(5));
            });
        }

        // Another tenant's agent: signed in at the same desk, sees no queue, transfer or conversation of Acme's.
        try (Browser other = Browser.start(1280, 860)) {
            signIn(other, base, "gary");
            other.until(d -> d.findElement(By.id("me")).getText().startsWith("Gary"));
            other.until(d -> d.findElement(By.id("queues")).getText().contains("General queue"));
            assertThat(other.driver().getPageSource()).doesNotContain(conversation).doesNotContain("Desk story " + run);
            String gary = Keycloak.token("gary");
            CustomerJourneyTest.as(gary, CONVERSATION).get("/v1/conversations/" + conversation).then().statusCode(404);
            CustomerJourneyTest.as(gary, CONVERSATION).get("/v1/conversations/" + conversation + "/notes").then().statusCode(404);
            CustomerJourneyTest.as(gary, ROUTING).get("/v1/canned-responses?q=late-" + run).then().statusCode(200)
                    .body("data.size()", equalTo(0));
        }
        publish("desk");
    }

    /** A fresh agent linked to {@code user}'s sign-in; an earlier run's agent with that link gives it up. */
    private static String linkedAgent(String adminToken, String user, String body) {
        io.restassured.response.Response me = CustomerJourneyTest.as(Keycloak.token(user), ROUTING).get("/v1/agents/me");
        if (me.statusCode() == 200) {
            CustomerJourneyTest.as(adminToken, ROUTING).body("{\"userId\": null}")
                    .patch("/v1/agents/" + me.path("data.id")).then().statusCode(200);
        }
        return CustomerJourneyTest.created(CustomerJourneyTest.as(adminToken, ROUTING).body(body).post("/v1/agents").then());
    }

    private static void signIn(Browser browser, String base, String user) {
        browser.open(base + "/desk/");
        browser.until(d -> d.findElement(By.id("signin-button")).isDisplayed() ? true : null);
        browser.driver().findElement(By.id("signin-button")).click();
        browser.until(d -> first(d, "#username"));
        assertThat(browser.driver().getCurrentUrl()).startsWith("http://127.0.0.1:8180/realms/parley/");
        browser.driver().findElement(By.id("username")).sendKeys(user);
        browser.driver().findElement(By.id("password")).sendKeys("parley");
        browser.driver().findElement(By.id("kc-login")).click();
        browser.until(d -> d.getCurrentUrl().equals(base + "/desk/") && d.findElement(By.id("app")).isDisplayed());
    }

    private static void type(Browser browser, String text) {
        WebElement box = browser.driver().findElement(By.id("composer-text"));
        box.clear();
        box.sendKeys(text);
    }

    private static WebElement first(WebDriver driver, String css) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0);
    }

    /** Copies the screenshots into docs/screenshots when asked ({@code -Dparley.screenshots.publish=true}). */
    private static void publish(String... names) throws Exception {
        if (!Boolean.getBoolean("parley.screenshots.publish")) {
            return;
        }
        Path docs = Path.of("..", "docs", "screenshots");
        Files.createDirectories(docs);
        for (String name : names) {
            Files.copy(Path.of("target", "screenshots", name + ".png"), docs.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
