package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A channel bound to the bot, as conversation-service needs it to accept inbound traffic and deliver replies.
 * What each type needs is a typed field, the one contract both services compile against: {@code webhook}
 * (the generic webhook's {@code outboundUrl}), {@code whatsapp} ({@code phoneNumberId}), {@code webchat} (origins
 * allowed to embed the widget, its looks and words); each is {@code null} for the other types. {@code settings} is the
 * channel's settings map as the tenant wrote it, for display only: no consumer reads a setting from it by name.
 * {@code credentials} is the channel's {@link Secrets} as JSON, encrypted with the platform's {@code parley.secrets.key}
 * ({@code SecretCipher}), so it never travels or rests in clear.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Channel(
        String id,
        Type type,
        String name,
        Status status,
        Map<String, String> settings,
        String credentials,
        Webchat webchat,
        Webhook webhook,
        WhatsApp whatsapp) {

    public Channel {
        // snapshots written before the typed fields existed carried these settings only in the map
        if (type == Type.WEBHOOK && webhook == null && settings != null && settings.get(Webhook.OUTBOUND_URL) != null) {
            webhook = new Webhook(settings.get(Webhook.OUTBOUND_URL));
        }
        if (type == Type.WHATSAPP && whatsapp == null && settings != null && settings.get(WhatsApp.PHONE_NUMBER_ID) != null) {
            whatsapp = new WhatsApp(settings.get(WhatsApp.PHONE_NUMBER_ID));
        }
    }

    public Channel(String id, Type type, String name, Status status, Map<String, String> settings, String credentials) {
        this(id, type, name, status, settings, credentials, null, null, null);
    }

    public Channel(String id, Type type, String name, Status status, Map<String, String> settings, String credentials,
            Webchat webchat) {
        this(id, type, name, status, settings, credentials, webchat, null, null);
    }

    /** The same channel without its encrypted credentials (what tenants may see in lifecycle events). */
    public Channel withoutCredentials() {
        return new Channel(id, type, name, status, settings, null, webchat, webhook, whatsapp);
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

    /** The generic webhook channel: replies are POSTed to {@code outboundUrl} (the tenant's {@code settings.outboundUrl}). */
    public record Webhook(String outboundUrl) {

        /** The setting's name in the channel API. */
        public static final String OUTBOUND_URL = "outboundUrl";
    }

    /** A WhatsApp Cloud API number: replies go to {@code /{phoneNumberId}/messages}. */
    public record WhatsApp(String phoneNumberId) {

        /** The setting's name in the channel API. */
        public static final String PHONE_NUMBER_ID = "phoneNumberId";
    }

    /**
     * A channel's secrets, each used by one type: webhook {@code secret} (HMAC of inbound bodies and replies);
     * WhatsApp {@code accessToken} (Graph API), {@code appSecret} ({@code X-Hub-Signature-256}), {@code verifyToken}
     * (the subscription handshake); Telegram {@code botToken} (Bot API) and {@code webhookSecret} (what Telegram sends
     * back as {@code X-Telegram-Bot-Api-Secret-Token}); webchat {@code identitySecret} (HMAC of user ids). The tenant
     * sets them under these names in {@code credentials}; {@link Type#requiredSecrets()} and
     * {@link Type#generatedSecret()} say which a type needs.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Secrets(String secret, String accessToken, String appSecret, String verifyToken, String botToken,
            String webhookSecret, String identitySecret) {

        public static final Secrets NONE = new Secrets(null, null, null, null, null, null, null);

        /** The names above: what the tenant may put in a channel's {@code credentials}. */
        public static final List<String> NAMES = Arrays.stream(Secrets.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
    }

    public enum Type {
        @JsonProperty("webchat") WEBCHAT(List.of(), "identitySecret", List.of()),
        @JsonProperty("whatsapp") WHATSAPP(List.of("accessToken", "appSecret"), "verifyToken", List.of(WhatsApp.PHONE_NUMBER_ID)),
        @JsonProperty("telegram") TELEGRAM(List.of("botToken"), "webhookSecret", List.of()),
        @JsonProperty("webhook") WEBHOOK(List.of(), "secret", List.of(Webhook.OUTBOUND_URL));

        private final List<String> requiredSecrets;
        private final String generatedSecret;
        private final List<String> requiredSettings;

        Type(List<String> requiredSecrets, String generatedSecret, List<String> requiredSettings) {
            this.requiredSecrets = requiredSecrets;
            this.generatedSecret = generatedSecret;
            this.requiredSettings = requiredSettings;
            if (!Secrets.NAMES.containsAll(requiredSecrets) || !Secrets.NAMES.contains(generatedSecret)) {
                throw new IllegalStateException(name() + " names a secret that Channel.Secrets does not have");
            }
        }

        /** The {@link Secrets} a channel of this type cannot work without. */
        public List<String> requiredSecrets() {
            return requiredSecrets;
        }

        /** The {@link Secrets} Parley generates when the tenant gives none: what inbound traffic is verified with. */
        public String generatedSecret() {
            return generatedSecret;
        }

        /** The settings the typed field of this type is built from, required on creation. */
        public List<String> requiredSettings() {
            return requiredSettings;
        }
    }

    public enum Status {
        @JsonProperty("connected") CONNECTED,
        @JsonProperty("disconnected") DISCONNECTED
    }
}
