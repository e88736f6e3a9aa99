package dev.parley.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The bot's memory of one conversation: where it is in a flow, what it collected, how often it fell back. */
@Entity
@Table(name = "bot_session")
public class BotSession {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "conversation_id", nullable = false, updatable = false)
    public String conversationId;

    @Column(name = "bot_id", nullable = false)
    public String botId;

    @Column(name = "contact_id")
    public String contactId;

    @Column(name = "current_flow_id")
    public String currentFlowId;

    @Column(name = "current_step")
    public String currentStep;

    /** JSON object of the variables collected so far ({@code storeAs}, API response mappings). */
    @Column(nullable = false)
    public String variables = "{}";

    @Column(name = "step_retries", nullable = false)
    public int stepRetries;

    @Column(name = "fallback_count", nullable = false)
    public int fallbackCount;

    @Column(nullable = false)
    public boolean greeted;

    @Column(name = "offline_notified", nullable = false)
    public boolean offlineNotified;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "last_activity", nullable = false)
    public Instant lastActivity;
}
