package dev.parley.bot;

import dev.parley.platform.repository.Timestamped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A document of a knowledge base, as uploaded; its chunks are embedded by training. */
@Entity
@Table(name = "kb_document")
public class KnowledgeDocument extends Timestamped {

    @Id
    public String id;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    public String tenantId;

    @Column(name = "knowledge_base_id", nullable = false, updatable = false)
    public String knowledgeBaseId;

    @Column(nullable = false)
    public String title;

    /** {@code text}, {@code markdown} or {@code html}. */
    @Column(name = "content_type", nullable = false)
    public String contentType;

    @Column(nullable = false)
    public String content;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    @Column(name = "indexed_hash")
    public String indexedHash;

    @Column(name = "indexed_at")
    public Instant indexedAt;

    /** The embedding model of the chunks (llm-gateway's model name); null before the first training. */
    @Column(name = "embedding_model")
    public String embeddingModel;

    /** Whether the chunks are this content's. */
    public boolean indexed() {
        return contentHash.equals(indexedHash);
    }

    /** Whether training embeds it again: its content changed, or its chunks are another model's than {@code model}. */
    public boolean needsTraining(String model) {
        return !indexed() || !model.equals(embeddingModel);
    }
}
