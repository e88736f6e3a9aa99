package dev.parley.conversation.service;

import dev.parley.conversation.BotSession;
import dev.parley.conversation.repository.SessionRepository;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Bot sessions, read-only, for debugging bots (the seed's {@code /chatbot/sessions}). */
@ApplicationScoped
public class SessionService {

    private final SessionRepository sessions;
    private final CurrentCaller caller;

    public SessionService(SessionRepository sessions, CurrentCaller caller) {
        this.sessions = sessions;
        this.caller = caller;
    }

    @Transactional
    public Page<BotSession> list(String botId, String contactId, String flowId, String conversationId, PageRequest page) {
        return sessions.search(caller.tenantId(), botId, contactId, flowId, conversationId, page);
    }

    @Transactional
    public BotSession get(String id) {
        return sessions.findOwned(caller.tenantId(), id).orElseThrow(() ->
                ProblemException.notFound("SESSION_NOT_FOUND", "Session " + id + " does not exist."));
    }
}
