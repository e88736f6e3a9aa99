package dev.parley.conversation.testing;

import static io.restassured.RestAssured.given;

import dev.parley.conversation.channel.Signatures;
import dev.parley.events.bot.Channel;
import dev.parley.platform.crypto.SecretCipher;
import dev.parley.platform.id.Ids;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Channels with encrypted credentials, and customer messages on a webhook channel, signed as a sender would. */
public final class Channels {

    public static final String WEBHOOK_SECRET = "whsec-test";

    public static Channel webhook(SecretCipher cipher, String outboundUrl) {
        return new Channel(Ids.generate("ch"), Channel.Type.WEBHOOK, "hook", Channel.Status.CONNECTED,
                Map.of(), cipher.encrypt("{\"secret\":\"" + WEBHOOK_SECRET + "\"}"), null,
                new Channel.Webhook(outboundUrl), null);
    }

    public static ValidatableResponse post(String channelId, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given().contentType("application/json")
                .header("X-Parley-Signature", Signatures.sha256Header(secret, bytes))
                .body(bytes).when().post("/v1/inbound/" + channelId).then();
    }

    /** A customer's text on a webhook channel; returns the conversation id. */
    public static String say(String channelId, String from, String text) {
        return say(channelId, from, text, Ids.generate("m"));
    }

    public static String say(String channelId, String from, String text, String messageId) {
        String body = "{\"messageId\":\"" + messageId + "\",\"from\":{\"id\":\"" + from + "\",\"name\":\"Ann\"},\"text\":"
                + quote(text) + "}";
        return post(channelId, body, WEBHOOK_SECRET).statusCode(202).extract().path("data.conversationId");
    }

    /**
     * An id of {@code length} random characters: PostgreSQL cannot compress it, so one too long for an index row fails
     * the insert (a repeated character would compress and pass).
     */
    public static String randomId(int length) {
        StringBuilder id = new StringBuilder(length + 32);
        while (id.length() < length) {
            id.append(java.util.UUID.randomUUID().toString().replace("-", ""));
        }
        return id.substring(0, length);
    }

    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Channels() {
    }
}
