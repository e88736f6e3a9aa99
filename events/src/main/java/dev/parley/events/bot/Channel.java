package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A channel bound to the bot, as conversation-service needs it to accept inbound traffic and deliver replies.
 * {@code settings} are the non-secret parts (phone number id, outbound URL, ...); {@code credentials} is the
 * channel's secret map (access token, app secret, bot token, webhook secret) encrypted with the platform's
 * {@code parley.secrets.key} ({@code SecretCipher}), so it never travels or rests in clear. {@code webchat}: a webchat
 * channel's typed settings (origins allowed to embed it, the widget's looks and words), {@code null} for other types.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Channel(
        String id,
        Type type,
        String name,
        Status status,
        Map<String, String> settings,
        String credentials,
        Webchat webchat) {

    public Channel(String id, Type type, String name, Status status, Map<String, String> settings, String credentials) {
        this(id, type, name, status, settings, credentials, null);
    }

    /**
     * What the embeddable widget needs of its channel. {@code allowedOrigins}: the web origins
     * ({@code https://shop.example}) whose pages may open the widget; empty means any origin. The rest is how the
     * widget looks and greets: {@code position} {@code right} or {@code left}, colours as CSS hex colours.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Webchat(List<String> allowedOrigins, String title, String primaryColor, String textColor,
            String position, String avatarUrl, String welcomeText) {

        public Webchat {
            allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        }
    }

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
