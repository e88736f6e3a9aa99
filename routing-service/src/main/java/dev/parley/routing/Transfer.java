package dev.parley.routing;

import dev.parley.events.conversation.ContactPanel;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A conversation handed to agents: waiting in its team's queue (or the general one), assigned to an agent,
 * or resumed by the bot. Status and agent change only through the guarded statements of
 * {@link dev.parley.routing.repository.AssignmentRepository}.
 */
@Entity
@Table(name = "transfer")
public class Transfer {

    public static final String SOURCE_HANDOFF = "handoff";
    public static final String SOURCE_API = "api";
    /** A flow step's transfer (Whatomate's {@code source: "flow"}): a handoff whose reason is {@link #REASON_FLOW_TRANSFER} (the engine's reason for a flow step's transfer). */
    public static final String SOURCE_FLOW = "flow";
    public static final String REASON_FLOW_TRANSFER = "flow_transfer";

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "conversation_id", updatable = false)
    public String conversationId;

    @Column(name = "contact_id", updatable = false)
    public String contactId;

    @Column(name = "bot_id", updatable = false)
    public String botId;

    @Column(name = "team_id", updatable = false)
    public String teamId;

    @Column(name = "agent_id", insertable = false, updatable = false)
    public String agentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public TransferStatus status;

    @Column(nullable = false, updatable = false)
    public String source;

    @Column(updatable = false)
    public String reason;

    @Column(updatable = false)
    public String notes;

    /** The contact panels of the bot's flows at the handoff, with the session's values; null when none applied. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(insertable = false, updatable = false)
    public List<ContactPanel> panels;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "assigned_at", insertable = false, updatable = false)
    public Instant assignedAt;

    @Column(name = "resumed_at", insertable = false, updatable = false)
    public Instant resumedAt;

    @Column(name = "updated_at", nullable = false, updatable = false)
    public Instant updatedAt;

    /** The key of its events: conversation id, or the contact's when the transfer names no conversation. */
    public String eventKey() {
        return conversationId != null ? conversationId : contactId;
    }
}
