package dev.parley.routing;

import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A human or bot agent that conversations are transferred to. {@code activeChats} is changed only by the
 * assignment statements in {@link dev.parley.routing.repository.AssignmentRepository}, never through this entity.
 */
@Entity
@Table(name = "agent")
public class Agent extends Timestamped {

    /** What a per-agent webhook is sent for, as LiveChat bot agents declare it. */
    public record WebhookAction(String name, Map<String, Object> filters, List<String> additionalData) {
    }

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public AgentType type;

    /** Who created it (user id or API key id): "my" bot agents are the caller's. */
    @Column(name = "owner_id", nullable = false, updatable = false)
    public String ownerId;

    /** A human agent's sign-in (Keycloak subject), so that {@code pickup} knows who is asking. */
    @Column(name = "user_id")
    public String userId;

    @Column(nullable = false)
    public String name;

    public String avatar;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AgentStatus status;

    @Column(name = "max_chats_count", nullable = false)
    public int maxChatsCount;

    @Enumerated(EnumType.STRING)
    @Column(name = "default_group_priority", nullable = false)
    public GroupPriority defaultGroupPriority;

    @Column(name = "active_chats", insertable = false, updatable = false)
    public int activeChats;

    @Column(name = "webhook_url")
    public String webhookUrl;

    /** Encrypted ({@link dev.parley.platform.crypto.SecretCipher}); never returned. */
    @Column(name = "webhook_secret")
    public String webhookSecret;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "webhook_actions")
    public List<WebhookAction> webhookActions;
}
