package dev.parley.bot;

import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A tenant's knowledge base: documents whose chunks bots retrieve to ground their answers. */
@Entity
@Table(name = "knowledge_base")
public class KnowledgeBase extends Timestamped {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(nullable = false)
    public String name;

    public String description;
}
