package dev.parley.bot.repository;

import dev.parley.bot.KnowledgeDocument;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class KnowledgeDocumentRepository implements TenantOwnedRepository<KnowledgeDocument> {

    public Page<KnowledgeDocument> pageOf(String knowledgeBaseId, PageRequest page) {
        return page(find("knowledgeBaseId", Sort.ascending("createdAt").and("id"), knowledgeBaseId), page);
    }

    public long countOf(String knowledgeBaseId) {
        return count("knowledgeBaseId", knowledgeBaseId);
    }

    public List<KnowledgeDocument> allOf(String knowledgeBaseId) {
        return list("knowledgeBaseId", Sort.ascending("createdAt").and("id"), knowledgeBaseId);
    }

    public Optional<KnowledgeDocument> findIn(String tenantId, String knowledgeBaseId, String id) {
        return find("id = ?1 and tenantId = ?2 and knowledgeBaseId = ?3", id, tenantId, knowledgeBaseId).firstResultOptional();
    }
}
