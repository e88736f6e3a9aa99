package dev.parley.conversation.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.conversation.testing.BotConfigs;
import dev.parley.conversation.testing.EngineTestBase;
import dev.parley.conversation.testing.TestBot;
import dev.parley.events.Topics;
import dev.parley.events.bot.BotBehaviors;
import dev.parley.events.bot.Button;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.KeywordRule;
import dev.parley.platform.id.Ids;
import dev.parley.platform.testing.Browser;
import dev.parley.platform.testing.HostPage;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The widget in a real browser (headless Chromium): a website of another origin, under a strict Content-Security-Policy,
 * embeds it with one tag and a visitor chats with a keyword bot: greeting with quick replies, a live reply, a list of
 * choices, history with its buttons after a reload and in a new tab, the keyboard, a handoff where the agent answers by
 * name, the bot again after resume, the unread badge, the bot's language and right-to-left text, a phone-sized screen.
 * A page of an origin the channel does not allow cannot open it.
 */
@QuarkusTest
class WidgetBrowserTest extends EngineTestBase {

    private static final String PLATFORM = "http://127.0.0.1:18082";

    private static Browser browser;
    private static HostPage site;
    private static HostPage stranger;

    @BeforeAll
    static void start() {
        site = HostPage.serve(PLATFORM);
        stranger = HostPage.serve(PLATFORM);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        site.close();
        stranger.close();
    }

    private TestBot shopBot(String language) {
        TestBot bot = new TestBot();
        bot.language = language;
        bot.greeting = new BotBehaviors.Greeting(true, "Hi! How can I help?",
                List.of(new Button("track", "Track my order"), new Button("menu", "Show menu")));
        bot.handoff = new BotBehaviors.Handoff(true, List.of("human"), "Connecting you to a person.");
        bot.rules.add(TestBot.textRule("track", 1, KeywordRule.MatchType.EXACT, "Your order ships tomorrow.",
                "Track my order"));
        bot.rules.add(new KeywordRule(Ids.generate("kw"), "menu", List.of("menu"), KeywordRule.MatchType.CONTAINS,
                new KeywordRule.Response(KeywordRule.ResponseType.BUTTONS, "Pick a topic:", List.of(
                        new Button("ship", "Shipping"), new Button("ret", "Returns"), new Button("pay", "Payment"),
                        new Button("size", "Sizes")), null, null), 2, true));
        return bot;
    }

    private Channel webchat(List<String> origins) {
        return new Channel(Ids.generate("ch"), Channel.Type.WEBCHAT, "site", Channel.Status.CONNECTED, Map.of(),
                cipher.encrypt("{\"identitySecret\":\"s3cret\"}"), new Channel.Webchat(origins, "Acme help", "#0a6e4f",
                        null, "right", null, "We usually answer within minutes."));
    }

    private static String embed(String channelId, String extra) {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme shop</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"></head>
                <body><h1>Acme shop</h1>
                <script src="%s/widget/parley-chat.js" data-channel="%s" %s async></script></body></html>"""
                .formatted(PLATFORM, channelId, extra);
    }

    private WebElement launcher() {
        return browser.inShadow("parley-chat", ".pc-launcher");
    }

    private List<String> bubbles() {
        return browser.allInShadow("parley-chat", ".pc-msg .pc-bubble").stream().map(WebElement::getText).toList();
    }

    private void awaitBubble(String text) {
        browser.until(d -> bubbles().contains(text));
    }

    @Test
    void aVisitorChatsOnAnotherSiteAndKeepsTheConversation() {
        TestBot bot = shopBot("en");
        Channel channel = webchat(List.of(site.origin()));
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        String page = site.page("/shop", embed(channel.id(), ""));

        browser.open(page);
        assertThat(launcher().getAttribute("aria-label")).isEqualTo("Open chat");
        assertThat(launcher().getAttribute("aria-expanded")).isEqualTo("false");
        launcher().click();
        WebElement panel = browser.inShadow("parley-chat", ".pc-panel");
        assertThat(panel.isDisplayed()).isTrue();
        assertThat(panel.getAttribute("aria-label")).isEqualTo("Acme help");
        assertThat(browser.focused().getAttribute("class")).contains("pc-input"); // the keyboard lands in the input
        assertThat(browser.inShadow("parley-chat", ".pc-welcome").getText()).isEqualTo("We usually answer within minutes.");
        awaitBubble("Hi! How can I help?");
        List<WebElement> quick = browser.allInShadow("parley-chat", ".pc-quick .pc-choice");
        assertThat(quick).extracting(WebElement::getText).containsExactly("Track my order", "Show menu");

        quick.get(0).click();
        awaitBubble("Your order ships tomorrow.");
        assertThat(bubbles()).containsExactly("Hi! How can I help?", "Track my order", "Your order ships tomorrow.");
        assertThat(browser.inShadow("parley-chat", ".pc-typing").isDisplayed()).isFalse();

        WebElement input = browser.inShadow("parley-chat", ".pc-input");
        input.sendKeys("menu", Keys.ENTER);
        awaitBubble("Pick a topic:");
        assertThat(browser.allInShadow("parley-chat", ".pc-list li .pc-choice")).hasSize(4);
        browser.screenshot("widget");

        // reload: the history comes back with its buttons, live replies keep coming
        browser.reload();
        launcher().click();
        awaitBubble("Pick a topic:");
        assertThat(bubbles()).containsExactly("Hi! How can I help?", "Track my order", "Your order ships tomorrow.",
                "menu", "Pick a topic:");
        assertThat(browser.allInShadow("parley-chat", ".pc-list li .pc-choice")).extracting(WebElement::getText)
                .containsExactly("Shipping", "Returns", "Payment", "Sizes");
        String firstTab = browser.driver().getWindowHandle();

        // a new tab of the same site: the same conversation
        browser.openInNewTab(page);
        launcher().click();
        awaitBubble("Pick a topic:");
        assertThat(bubbles()).hasSize(5);
        browser.driver().close();
        browser.driver().switchTo().window(firstTab);

        // handoff: the agent's name and reply in the same panel; closed panel → unread badge
        browser.inShadow("parley-chat", ".pc-input").sendKeys("I want a human", Keys.ENTER);
        awaitBubble("Connecting you to a person.");
        String conversationId = conversationOf(channel.id());
        String assigned = "{\"conversationId\":\"" + conversationId + "\",\"tenantId\":\"tnt_acme\",\"transferId\":\"tr_1\","
                + "\"agentId\":\"agt_agnes\",\"agentName\":\"Agnes\",\"status\":\"assigned\"}";
        KafkaProbe.send(Topics.ROUTING, conversationId, assigned,
                BotConfigs.headers(Ids.generate("evt"), "transfer.assigned", "tnt_acme"));
        browser.until(d -> Boolean.TRUE.equals(browser.script(
                "return document.querySelector('parley-chat').conversation.handedOff === true")));
        // the engine's handoff alone hands off; the agent (and its name) arrives with transfer.assigned: wait until the
        // conversation has it, so the reply below is recorded with it (it raced the consumer on a loaded machine)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> "agt_agnes".equals(
                given().header("Authorization", Keycloak.bearer("alice")).when().get("/v1/conversations/" + conversationId)
                        .then().extract().path("data.attributes.agentId")));
        browser.inShadow("parley-chat", ".pc-close").click();
        assertThat(browser.focused().getAttribute("class")).contains("pc-launcher"); // focus returns to the launcher
        given().header("Authorization", Keycloak.bearer("agnes")).contentType("application/json")
                .body("{\"text\":\"Hello, I am Agnes. Let me check.\"}")
                .when().post("/v1/conversations/" + conversationId + "/messages").then().statusCode(201);
        WebElement badge = browser.inShadow("parley-chat", ".pc-badge");
        browser.until(d -> badge.isDisplayed() && "1".equals(badge.getText()));
        assertThat(launcher().getAttribute("aria-label")).contains("1 unread");
        launcher().click();
        awaitBubble("Hello, I am Agnes. Let me check.");
        assertThat(browser.allInShadow("parley-chat", ".pc-from-agent .pc-author")).extracting(WebElement::getText)
                .containsExactly("Agnes");
        assertThat(browser.allInShadow("parley-chat", ".pc-event")).extracting(WebElement::getText)
                .contains("Agnes joined the chat");
        assertThat(badge.isDisplayed()).isFalse();

        // resumed: the bot answers again
        KafkaProbe.send(Topics.ROUTING, conversationId, assigned.replace("assigned", "resumed"),
                BotConfigs.headers(Ids.generate("evt"), "transfer.resumed", "tnt_acme"));
        browser.until(d -> Boolean.FALSE.equals(browser.script(
                "return document.querySelector('parley-chat').conversation.handedOff")));
        browser.inShadow("parley-chat", ".pc-input").sendKeys("Track my order", Keys.ENTER);
        browser.until(d -> bubbles().stream().filter("Your order ships tomorrow."::equals).count() == 2);
        assertThat(bubbles()).filteredOn("Track my order"::equals).hasSize(2); // the same words are a new message

        // a phone-sized screen: the panel fills it
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        browser.until(d -> browser.inShadow("parley-chat", ".pc-panel").getSize().getWidth()
                >= ((Number) browser.script("return window.innerWidth")).intValue() - 1);
        browser.screenshot("widget-phone");
        browser.driver().manage().window().setSize(new Dimension(1280, 900));

        // under the site's strict policy nothing was refused
        assertThat(browser.console()).noneMatch(line -> line.contains("Content Security Policy")
                || line.contains("Refused to"));
    }

    @Test
    void thePageChoosesLanguageLooksAndRightToLeft() {
        TestBot bot = shopBot("de");
        Channel channel = webchat(List.of(site.origin()));
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);
        browser.open(site.page("/de", embed(channel.id(), "")));
        assertThat(launcher().getAttribute("aria-label")).isEqualTo("Chat öffnen");

        browser.open(site.page("/ar", embed(channel.id(), "data-language=\"ar\" data-title=\"مساعدة\" data-color=\"#aa0000\" "
                + "data-position=\"left\"")));
        launcher().click();
        WebElement host = browser.driver().findElement(By.cssSelector("parley-chat"));
        assertThat(host.getAttribute("dir")).isEqualTo("rtl");
        assertThat(launcher().getAttribute("aria-label")).isEqualTo("أغلق الدردشة");
        assertThat(browser.inShadow("parley-chat", ".pc-title").getText()).isEqualTo("مساعدة");
        assertThat(browser.inShadow("parley-chat", ".pc-header").getCssValue("background-color"))
                .isEqualTo("rgba(170, 0, 0, 1)");
        assertThat(browser.inShadow("parley-chat", ".pc").getAttribute("class")).contains("pc-left");
    }

    @Test
    void aPageOfAnotherOriginCannotOpenTheWidget() {
        TestBot bot = shopBot("en");
        Channel channel = webchat(List.of(site.origin()));
        bot.channels.add(channel);
        BotConfigs.publish(json, configs, bot);

        browser.open(stranger.page("/", embed(channel.id(), "")));
        // the widget asked and was refused: no launcher, ever
        browser.until(d -> browser.console().stream().anyMatch(l -> l.contains("may not open channel")
                || l.contains("CORS") || l.contains("Access-Control-Allow-Origin")));
        assertThat(browser.allInShadow("parley-chat", ".pc-launcher")).isEmpty();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                browser.allInShadow("parley-chat", ".pc-launcher").isEmpty());
    }

    private String conversationOf(String channelId) {
        String stored = (String) browser.script("return localStorage.getItem('parley-chat:' + arguments[0])", channelId);
        try {
            JsonNode session = json.readTree(stored);
            return given().header("X-Webchat-Token", session.path("token").asText())
                    .when().get("/v1/webchat/sessions/" + session.path("id").asText() + "/messages")
                    .then().statusCode(200).extract().path("meta.conversation.conversationId");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
