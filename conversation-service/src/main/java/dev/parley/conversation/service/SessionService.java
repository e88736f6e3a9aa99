package dev.parley.conversation.service;

import dev.parley.conversation.BotSession;
import dev.parley.conversation.repository.SessionRepository;
import dev.parley.events.conversation.ContactPanel;
import dev.parley.platform.paging.Page;
import dev.parley.platform.paging.PageRequest;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;

/** Bot sessions, read-only, for debugging bots (the seed's {@code /chatbot/sessions}). */
@ApplicationScoped
public class SessionService {

    private final SessionRepository sessions;
    private final BotDirectory bots;
    private final CurrentCaller caller;

    public SessionService(SessionRepository sessions, BotDirectory bots, CurrentCaller caller) {
        this.sessions = sessions;
        this.bots = bots;
        this.caller = caller;
    }

    /** The contact panels of the session's bot's flows, filled from the session's variables. */
    public List<ContactPanel> panels(BotSession session, Map<String, String> variables) {
        return bots.find(session.botId)
                .map(bot -> ContactPanel.of(bot.snapshot().flows(), session.currentFlowId, variables))
                .orElse(List.of());
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
