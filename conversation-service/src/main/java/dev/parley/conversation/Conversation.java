package dev.parley.conversation;

import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A conversation between a contact on a channel and a bot (or, once handed off, an agent). */
@Entity
@Table(name = "conversation")
public class Conversation extends Timestamped {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "bot_id", nullable = false)
    public String botId;

    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "contact_id")
    public String contactId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ConversationStatus status;

    /** The channel's kind (webchat, whatsapp, telegram, webhook), for delivery and filters. */
    @Column(name = "channel_type")
    public String channelType;

    /** The agent routing assigned once handed off. */
    @Column(name = "agent_id")
    public String agentId;

    /** The assigned agent's display name (from routing's {@code transfer.assigned}), shown to webchat visitors. */
    @Column(name = "agent_name")
    public String agentName;

    /** Feedback: 1–5. */
    public Integer rating;

    @Column(name = "feedback_comment")
    public String feedbackComment;

    /** Whether the conversation was ever handed to people (a bot-resolved conversation never was). */
    @Column(name = "handed_off", nullable = false)
    public boolean handedOff;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "last_message_at")
    public Instant lastMessageAt;
}
