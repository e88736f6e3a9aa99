package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A channel bound to the bot, as conversation-service needs it to accept inbound traffic and deliver replies.
 * {@code settings} are the non-secret parts (phone number id, outbound URL, ...); {@code credentials} is the
 * channel's secret map (access token, app secret, bot token, webhook secret) encrypted with the platform's
 * {@code parley.secrets.key} ({@code SecretCipher}), so it never travels or rests in clear.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Channel(
        String id,
        Type type,
        String name,
        Status status,
        Map<String, String> settings,
        String credentials) {

    public enum Type {
        @JsonProperty("webchat") WEBCHAT,
        @JsonProperty("whatsapp") WHATSAPP,
        @JsonProperty("telegram") TELEGRAM,
        @JsonProperty("webhook") WEBHOOK
    }

    public enum Status {
        @JsonProperty("connected") CONNECTED,
        @JsonProperty("disconnected") DISCONNECTED
    }
}
