package dev.parley.conversation.service;

import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class ConversationService {

    private final ConversationRepository conversations;
    private final CurrentCaller caller;

    public ConversationService(ConversationRepository conversations, CurrentCaller caller) {
        this.conversations = conversations;
        this.caller = caller;
    }

    @Transactional
    public Page<Conversation> list(String botId, ConversationStatus status, PageRequest page) {
        return conversations.search(caller.tenantId(), botId, status, page);
    }

    @Transactional
    public Conversation get(String id) {
        return conversations.findOwned(caller.tenantId(), id).orElseThrow(() ->
                ProblemException.notFound("CONVERSATION_NOT_FOUND", "Conversation " + id + " does not exist."));
    }
}
