package dev.parley.bot;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A passage of a document and its embedding (float32, little-endian). */
@Entity
@Table(name = "kb_chunk")
public class KnowledgeChunk {

    @Id
    public String id;

    @Column(name = "knowledge_base_id", nullable = false, updatable = false)
    public String knowledgeBaseId;

    @Column(name = "document_id", nullable = false, updatable = false)
    public String documentId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public String text;

    @Column(nullable = false)
    public byte[] embedding;
}
