package dev.parley.bot;

import dev.parley.events.bot.Channel;
import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A channel a tenant connected (webchat, WhatsApp, Telegram, generic webhook), bound to at most one bot. Its
 * credentials are an encrypted JSON map that only ever leaves the service still encrypted, in the bot's snapshot.
 */
@Entity
@Table(name = "channel")
public class ChannelConnection extends Timestamped {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "bot_id")
    public String botId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Channel.Type type;

    @Column(nullable = false)
    public String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel.Status status;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> settings;

    @Column(name = "credentials_ciphertext")
    public String credentialsCiphertext;

    /** Why the channel was last disconnected. */
    @Column(name = "status_reason")
    public String statusReason;

    public Channel toChannel() {
        return new Channel(id, type, name, status, settings, credentialsCiphertext, webchat(),
                type == Channel.Type.WEBHOOK ? new Channel.Webhook(settings.get(Channel.Webhook.OUTBOUND_URL)) : null,
                type == Channel.Type.WHATSAPP ? new Channel.WhatsApp(settings.get(Channel.WhatsApp.PHONE_NUMBER_ID)) : null);
    }

    /** A webchat channel's settings as the widget reads them (typed in the snapshot); null for other types. */
    public Channel.Webchat webchat() {
        if (type != Channel.Type.WEBCHAT) {
            return null;
        }
        return new Channel.Webchat(origins(settings.get("allowedOrigins")), settings.get("title"),
                settings.get("primaryColor"), settings.get("textColor"), settings.get("position"), settings.get("avatarUrl"),
                settings.get("welcomeText"));
    }

    /** {@code settings.allowedOrigins}: origins separated by spaces or commas. */
    public static List<String> origins(String value) {
        return value == null ? List.of() : Arrays.stream(value.split("[\\s,]+")).filter(o -> !o.isBlank()).toList();
    }
}
