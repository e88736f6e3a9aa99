package dev.parley.bot.repository;

import dev.parley.bot.KnowledgeChunk;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class KnowledgeChunkRepository implements PanacheRepositoryBase<KnowledgeChunk, String> {

    public List<KnowledgeChunk> allOf(String knowledgeBaseId) {
        return list("knowledgeBaseId", knowledgeBaseId);
    }

    public long deleteOfDocument(String documentId) {
        return delete("documentId", documentId);
    }
}
