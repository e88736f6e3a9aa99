package dev.parley.conversation;

import dev.parley.platform.repository.Created;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An agent's private note on a conversation: for the tenant's people only, never sent to the contact. */
@Entity
@Table(name = "note")
public class Note extends Created {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "conversation_id", nullable = false, updatable = false)
    public String conversationId;

    @Column(nullable = false)
    public String text;

    /** The agent ({@code agt_…}) who wrote it, when the writer works as one. */
    @Column(name = "agent_id")
    public String agentId;

    /** The credential's subject: the signed-in user or the API key. */
    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
