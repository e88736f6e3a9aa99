package dev.parley.conversation.repository;

import dev.parley.conversation.Note;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.repository.TenantOwnedRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class NoteRepository implements TenantOwnedRepository<Note> {

    /** Oldest first, as a transcript reads. */
    public Page<Note> ofConversation(String tenantId, String conversationId, PageRequest page) {
        return page(find("tenantId = ?1 and conversationId = ?2", Sort.ascending("createdAt").and("id"), tenantId,
                conversationId), page);
    }
}
