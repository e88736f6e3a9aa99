package dev.parley.conversation.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.events.bot.Channel;
import dev.parley.platform.outbound.OutboundCallFailedException;
import dev.parley.platform.outbound.OutboundHttp;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Generic webhook channel: replies are POSTed to the channel's {@code webhook.outboundUrl} through the outbound guard,
 * signed like inbound traffic ({@code X-Parley-Signature: sha256=<hex HMAC of the body with the channel secret>}).
 * Every POST of a reply carries {@code Idempotency-Key: <message id>}, the same on every attempt: a reply sent again
 * (a retry after a dropped answer, or a crash between the channel's answer and Parley recording it) is recognisable.
 */
@ApplicationScoped
public class WebhookSender implements ChannelSender {

    /** The header naming the reply (its message id) on every delivery attempt, for the receiver to drop repeats. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final OutboundHttp http;
    private final ObjectMapper json;

    public WebhookSender(OutboundHttp http, ObjectMapper json) {
        this.http = http;
        this.json = json;
    }

    @Override
    public Channel.Type type() {
        return Channel.Type.WEBHOOK;
    }

    @Override
    public String send(Delivery d) {
        String url = d.channel().webhook() == null ? null : d.channel().webhook().outboundUrl();
        if (url == null) {
            throw new IllegalStateException("webhook channel without an outboundUrl");
        }
        ObjectNode body = json.createObjectNode();
        body.put("messageId", d.messageId());
        body.put("conversationId", d.conversationId());
        body.putObject("to").put("id", d.recipient()).put("contactId", d.contactId());
        body.put("sender", d.sender());
        body.put("text", d.text());
        if (d.buttons() != null) {
            body.set("buttons", json.valueToTree(d.buttons().stream()
                    .map(b -> Map.of("id", Delivery.buttonId(b), "title", b.title())).toList()));
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String secret = d.credentials().secret();
        Map<String, String> headers = secret == null
                ? Map.of("Content-Type", "application/json", IDEMPOTENCY_KEY, d.messageId())
                : Map.of("Content-Type", "application/json", IDEMPOTENCY_KEY, d.messageId(),
                        "X-Parley-Signature", Signatures.sha256Header(secret, bytes));
        OutboundHttp.Response response = http.send("POST", url, headers, bytes);
        if (response.status() / 100 != 2) {
            throw new OutboundCallFailedException("webhook answered " + response.status(), null);
        }
        return null;
    }
}
