package dev.parley.e2e;

import static dev.parley.e2e.ServiceProcesses.BOT;
import static dev.parley.e2e.ServiceProcesses.CONVERSATION;
import static dev.parley.e2e.ServiceProcesses.ROUTING;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.platform.testing.Browser;
import dev.parley.platform.testing.HostPage;
import dev.parley.platform.testing.Keycloak;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 12's story in a real browser (the distribution's headless Chromium), against the four packaged services behind
 * nginx with the chart's routes: a website of another origin embeds the widget with one tag; a visitor chats with a
 * keyword-and-flow bot, clicks a quick reply, reloads and finds the history, and asks for a human. The agent signs
 * into the desk through Keycloak's real login form, sees the transfer appear without a reload, picks it up, reads the
 * flow's notes and variables, writes a private note, adds a canned response and replies with it; the visitor sees the
 * reply live, with the agent's name, and never the note; the agent resumes and the bot answers the next question in
 * the widget. Another tenant's agent sees none of it, and a page of an origin the channel does not allow cannot open
 * the widget. The desk's and the widget's screenshots go to {@code docs/} (the README shows them).
 */
@ExtendWith(ServiceProcesses.class)
class DeskStoryTest {

    /** Steps that cross services (Kafka between them, the desk's 2 s polling): longer than Browser's own 15 s. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aVisitorOnAnotherSiteIsHandedToAnAgentAtTheDeskAndBackToTheBot() throws Exception {
        String base = Gateway.url();
        String alice = Keycloak.token("alice");
        String run = Long.toString(System.currentTimeMillis(), 36);

        try (HostPage site = HostPage.serve(base); HostPage stranger = HostPage.serve(base)) {
            // Routing: a manual team; Agnes (sign-in agnes) is its agent and a supervisor elsewhere. Runs share
            // databases: an earlier run's agent linked to agnes gives the link up first.
            String team = CustomerJourneyTest.created(CustomerJourneyTest.as(alice, ROUTING).body("""
                    {"name": "Desk story %s", "strategy": "manual"}""".formatted(run)).post("/v1/teams").then());
            String agnes = linkedAgent(alice, "agnes", """
                    {"type": "human", "name": "Agnes", "userId": "agnes", "maxChatsCount": 3, "defaultGroupPriority": "supervisor",
                     "groups": [{"id": "%s", "priority": "first"}]}""".formatted(team));
            linkedAgent(Keycloak.token("bob"), "gary", """
                    {"type": "human", "name": "Gary", "userId": "gary", "defaultGroupPriority": "supervisor"}""");

            // The bot: a greeting, a keyword rule, a flow that asks with quick replies and ends in a transfer with
            // notes; its webchat channel allows the shop's origin only.
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
                    {"type": "webchat", "name": "Desk story site %s",
                     "settings": {"allowedOrigins": ["%s"], "title": "Acme help"}}""".formatted(run, site.origin()))
                    .post("/v1/channels").then());
            CustomerJourneyTest.as(alice, BOT).body("{\"channelId\": \"" + channel + "\"}").post("/v1/bots/" + bot + "/channels")
                    .then().statusCode(either(equalTo(200)).or(equalTo(201)));
            CustomerJourneyTest.as(alice, BOT).post("/v1/bots/" + bot + "/activate").then().statusCode(200);

            String conversation;
            try (Browser visitor = Browser.start(1100, 860); Browser desk = Browser.start(1280, 860)) {
                try {
                    Widget widget = new Widget(visitor);
                    // The shop's page embeds the widget with one tag. The channel reaches conversation-service over
                    // Kafka: until it has, the widget finds no channel, so the visitor reloads as a person would.
                    String shop = site.page("/shop", embed(base, channel));
                    await(visitor, d -> {
                        d.get(shop);
                        return widget.present(Duration.ofSeconds(5));
                    });
                    widget.open();
                    widget.awaitBubble("Welcome to Acme!");
                    widget.say("what are your hours?");
                    widget.awaitBubble("We are open 9 to 5.");
                    widget.say("help");
                    widget.awaitBubble("What do you need help with?");
                    List<WebElement> quick = visitor.allInShadow("parley-chat", ".pc-choices .pc-choice");
                    assertThat(quick).extracting(WebElement::getText).containsExactly("Delivery", "Billing");
                    quick.get(0).click();
                    widget.awaitBubble("Tell us in a few words what happened.");

                    // A reload: the whole conversation comes back, the quick replies included.
                    visitor.reload();
                    widget.open();
                    widget.awaitBubble("Tell us in a few words what happened.");
                    assertThat(widget.bubbles()).containsSubsequence("Welcome to Acme!", "what are your hours?",
                            "We are open 9 to 5.", "help", "What do you need help with?", "Delivery",
                            "Tell us in a few words what happened.");
                    assertThat(visitor.allInShadow("parley-chat", ".pc-choices .pc-choice")).extracting(WebElement::getText)
                            .contains("Delivery", "Billing");
                    conversation = conversationOf(visitor, base, channel);

                    // The agent signs in on Keycloak's own page; the desk gets the token by code + PKCE.
                    signIn(desk, base, "agnes");
                    desk.until(d -> d.findElement(By.id("me")).getText().startsWith("Agnes"));

                    // The visitor asks for a human: the transfer appears in the open desk without a reload.
                    widget.say("I need a human: my parcel is two weeks late");
                    widget.awaitBubble("Connecting you with a person.");
                    String waiting = "#waiting li[data-conversation='" + conversation + "']";
                    await(desk, d -> {
                        WebElement item = first(d, waiting);
                        return item != null && item.getText().contains("Desk story " + run)
                                && item.getText().contains("Topic: Delivery");
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

                    // The visitor sees the reply live in the open panel, under the agent's name, and never the note.
                    widget.awaitBubble("Sorry for the delay! Your parcel ships express today.");
                    assertThat(visitor.allInShadow("parley-chat", ".pc-from-agent .pc-author")).extracting(WebElement::getText)
                            .containsOnly("Agnes");
                    assertThat(widget.bubbles()).noneMatch(text -> text.contains("express upgrade"));
                    List<String> agentIds = CustomerJourneyTest.JSON.readTree(CustomerJourneyTest.as(alice, CONVERSATION)
                            .get("/v1/conversations/" + conversation + "/messages?perPage=100").then().statusCode(200)
                            .extract().asString()).path("data").findValues("attributes").stream()
                            .filter(a -> "agent".equals(a.path("sender").asText())).map(a -> a.path("agentId").asText())
                            .toList();
                    assertThat(agentIds).containsExactly(agnes); // recorded with the agent's id (issue 14.6)
                    widget.say("thank you!");
                    desk.until(d -> d.findElement(By.id("timeline")).getText().contains("thank you!"));
                    visitor.screenshot("widget");
                    desk.screenshot("desk");

                    // Back to the bot: the widget learns of it live, and the bot answers the next question.
                    desk.driver().findElement(By.id("resume")).click();
                    desk.until(d -> d.findElement(By.id("empty")).isDisplayed());
                    await(visitor, d -> Boolean.FALSE.equals(visitor.script(
                            "return document.querySelector('parley-chat').conversation.handedOff")));
                    widget.say("and your hours?");
                    await(visitor, d -> widget.bubbles().stream().filter("We are open 9 to 5."::equals).count() == 2);
                    assertThat(visitor.console()).noneMatch(line -> line.contains("Content Security Policy")
                            || line.contains("Refused to"));
                    assertThat(desk.console()).noneMatch(line -> line.contains("Content Security Policy"));

                    // A page of an origin the channel does not list: the widget is refused and never shows.
                    visitor.open(stranger.page("/", embed(base, channel)));
                    visitor.until(d -> visitor.console().stream().anyMatch(l -> l.contains("may not open channel")
                            || l.contains("CORS") || l.contains("Access-Control-Allow-Origin")));
                    assertThat(visitor.allInShadow("parley-chat", ".pc-launcher")).isEmpty();
                    given().baseUri(base).header("Origin", stranger.origin()).get("/v1/webchat/channels/" + channel)
                            .then().statusCode(403).body("code", equalTo("ORIGIN_NOT_ALLOWED"));
                } catch (RuntimeException | AssertionError e) {
                    keepEvidence(visitor, "failed-visitor");
                    keepEvidence(desk, "failed-desk");
                    throw e;
                }
            }

            // Another tenant's agent, signed in at the same desk: no queue, transfer or conversation of Acme's.
            try (Browser other = Browser.start(1280, 860)) {
                signIn(other, base, "gary");
                other.until(d -> d.findElement(By.id("me")).getText().startsWith("Gary"));
                other.until(d -> d.findElement(By.id("queues")).getText().contains("General queue"));
                assertThat(other.driver().getPageSource()).doesNotContain(conversation).doesNotContain("Desk story " + run);
                // Signing out ends the Keycloak session too: back at the desk, signing in asks for a password again.
                other.driver().findElement(By.id("signout")).click();
                other.until(d -> d.getCurrentUrl().equals(base + "/desk/") && d.findElement(By.id("signin-button"))
                        .isDisplayed());
                other.driver().findElement(By.id("signin-button")).click();
                other.until(d -> first(d, "#username"));
            }
            String gary = Keycloak.token("gary");
            CustomerJourneyTest.as(gary, CONVERSATION).get("/v1/conversations/" + conversation).then().statusCode(404);
            CustomerJourneyTest.as(gary, CONVERSATION).get("/v1/conversations/" + conversation + "/notes").then()
                    .statusCode(404);
            CustomerJourneyTest.as(gary, ROUTING).get("/v1/canned-responses?q=late-" + run).then().statusCode(200)
                    .body("data.size()", equalTo(0));
        }
        publish("desk", "widget");
    }

    /** The widget inside the visitor's page ({@code <parley-chat>}'s shadow root). */
    private record Widget(Browser browser) {

        boolean present(Duration within) {
            try {
                new WebDriverWait(browser.driver(), within).until(d -> !browser.allInShadow("parley-chat", ".pc-launcher")
                        .isEmpty());
                return true;
            } catch (org.openqa.selenium.TimeoutException e) {
                return false;
            }
        }

        void open() {
            WebElement launcher = browser.inShadow("parley-chat", ".pc-launcher");
            if ("false".equals(launcher.getAttribute("aria-expanded"))) {
                launcher.click();
            }
            browser.until(d -> browser.inShadow("parley-chat", ".pc-panel").isDisplayed());
        }

        void say(String text) {
            browser.inShadow("parley-chat", ".pc-input").sendKeys(text, Keys.ENTER);
            awaitBubble(text);
        }

        List<String> bubbles() {
            return browser.allInShadow("parley-chat", ".pc-msg .pc-bubble").stream().map(WebElement::getText).toList();
        }

        void awaitBubble(String text) {
            await(browser, d -> bubbles().contains(text));
        }
    }

    private static String embed(String base, String channel) {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme shop</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body><h1>Acme shop</h1><p>Everything for your garden, delivered.</p>
                <script src="%s/widget/parley-chat.js" data-channel="%s" async></script></body></html>"""
                .formatted(base, channel);
    }

    /** The conversation the widget holds: its session from the page's storage, asked of the platform. */
    private static String conversationOf(Browser browser, String base, String channel) throws Exception {
        String stored = (String) browser.script("return localStorage.getItem('parley-chat:' + arguments[0])", channel);
        JsonNode session = CustomerJourneyTest.JSON.readTree(stored);
        return given().baseUri(base).header("X-Webchat-Token", session.path("token").asText())
                .get("/v1/webchat/sessions/" + session.path("id").asText() + "/messages")
                .then().statusCode(200).extract().path("meta.conversation.conversationId");
    }

    /** Waits up to {@link #PATIENCE} for a step that crosses services. */
    private static <T> T await(Browser browser, Function<WebDriver, T> condition) {
        return new WebDriverWait(browser.driver(), PATIENCE).pollingEvery(Duration.ofMillis(250))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(condition);
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

    /** Through Keycloak's own login form: the username and password are typed into Keycloak's page. */
    private static void signIn(Browser browser, String base, String user) {
        browser.open(base + "/desk/");
        browser.until(d -> d.findElement(By.id("signin-button")).isDisplayed());
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

    /** What the browser showed when the story failed: a screenshot, the page's HTML and its console. */
    private static void keepEvidence(Browser browser, String name) {
        try {
            Path shot = browser.screenshot(name);
            Files.writeString(shot.resolveSibling(name + ".html"), browser.driver().getPageSource());
            Files.write(shot.resolveSibling(name + ".console.txt"), browser.console());
        } catch (RuntimeException | java.io.IOException e) {
            // the story's own failure is what matters
        }
    }

    /** The README's pictures: the desk at work and the widget with the agent's reply, as this run saw them. */
    private static void publish(String... names) throws Exception {
        Path docs = Path.of("..", "docs");
        if (!Files.isDirectory(docs)) {
            return;
        }
        for (String name : names) {
            Files.copy(Path.of("target", "screenshots", name + ".png"), docs.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
