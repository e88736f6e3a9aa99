package dev.parley.conversation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.BotSession;
import dev.parley.conversation.Contact;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.Message;
import dev.parley.conversation.config.ConversationConfig;
import dev.parley.conversation.engine.BotEngine;
import dev.parley.conversation.engine.ChatTurn;
import dev.parley.conversation.engine.CompiledBot;
import dev.parley.conversation.engine.EngineInput;
import dev.parley.conversation.engine.Outcome;
import dev.parley.conversation.engine.Reply;
import dev.parley.conversation.engine.SessionState;
import dev.parley.conversation.messaging.ConversationEvents;
import dev.parley.conversation.repository.ContactRepository;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.DecisionRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.conversation.repository.SessionRepository;
import dev.parley.events.conversation.ContactPanel;
import dev.parley.platform.id.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the engine on a conversation's waiting messages, oldest first, under the conversation's row lock, and stores
 * in the same transaction everything it decided: the session, the replies (pending delivery), the status and the
 * events. A crash before commit leaves the messages waiting; nothing is half-done.
 */
@ApplicationScoped
public class ConversationProcessor {

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final SessionRepository sessions;
    private final ContactRepository contacts;
    private final BotDirectory bots;
    private final BotEngine engine;
    private final ConversationEvents events;
    private final ReplicaHeartbeat replica;
    private final ConversationConfig config;
    private final ObjectMapper json;
    private final BotCatchUp catchUp;
    private final DecisionRepository decisions;

    public ConversationProcessor(ConversationRepository conversations, MessageRepository messages,
            SessionRepository sessions, ContactRepository contacts, BotDirectory bots, BotEngine engine,
            ConversationEvents events, ReplicaHeartbeat replica, ConversationConfig config, ObjectMapper json,
            BotCatchUp catchUp, DecisionRepository decisions) {
        this.catchUp = catchUp;
        this.decisions = decisions;
        this.conversations = conversations;
        this.messages = messages;
        this.sessions = sessions;
        this.contacts = contacts;
        this.bots = bots;
        this.engine = engine;
        this.events = events;
        this.replica = replica;
        this.config = config;
        this.json = json;
    }

    /**
     * What one drain decided: the replies it stored, and whether it claimed them for this replica (nothing older of
     * the conversation was waiting, so they may go out at once, in order) or left them to the ordered delivery path.
     */
    public record Decided(Conversation conversation, Contact contact, List<Message> replies, boolean claimed) {

        static final Decided NOTHING = new Decided(null, null, List.of(), false);
    }

    @Transactional
    public Decided drain(String conversationId) {
        Conversation conversation = conversations.lock(conversationId).orElse(null);
        if (conversation == null) {
            return Decided.NOTHING;
        }
        List<Message> waiting = messages.unprocessed(conversationId);
        if (waiting.isEmpty()) {
            return Decided.NOTHING;
        }
        Optional<CompiledBot> bot = bots.find(conversation.botId);
        // a bot this service lacks, or would answer as offline, may have been created or activated a moment ago
        if ((bot.isEmpty() || !bot.get().active() || !bot.get().businessHours().isOpen(Instant.now()))
                && conversation.status != ConversationStatus.CLOSED && catchUp.bot(conversation.botId)) {
            bot = bots.find(conversation.botId);
        }
        BotSession session = sessions.ofConversation(conversationId).orElseGet(() -> newSession(conversation));
        Contact contact = conversation.contactId == null ? null : contacts.findById(conversation.contactId);
        // the history is read once and then follows the drain in memory: each message sees the ones before it
        List<Message> recent = new ArrayList<>(messages.recent(conversationId, config.historySize()));
        // replies decided now are claimed for this replica and sent at once, unless an older one still waits
        boolean claim = !messages.hasPendingDelivery(conversationId);
        ConversationEvents.Batch batch = events.batch();
        Decided decided = decide(conversation, waiting, bot.orElse(null), session, contact, recent, claim, batch);
        // the conversation and its waiting messages are managed: their changes are flushed at commit
        decided.replies().forEach(messages::persist);
        sessions.persist(session);
        batch.publish();
        return decided;
    }

    /**
     * Group commit of decisions: decides the waiting messages of many conversations in the caller's one transaction,
     * each conversation under its row lock, everything it needs read in one round trip and everything it decided
     * written in one with its events ({@link DecisionRepository}, plain SQL). Answers the decisions it made; a
     * conversation it leaves out is for {@link #drain}: locked by another transaction (skipped, not waited for), or one
     * whose decision may call out of the service or needs what only {@link #drain} does (a bot to catch up, the history
     * to read a pressed button's title from), so the batch never waits on anything slow.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, Decided> drainTogether(Collection<String> conversationIds) {
        Map<String, Decided> decided = new HashMap<>();
        DecisionRepository.Loaded loaded = decisions.lockAndLoad(conversationIds);
        if (loaded.locked().isEmpty()) {
            return decided;
        }
        Instant now = Instant.now();
        List<Conversation> ready = new ArrayList<>();
        Map<String, CompiledBot> botOf = new HashMap<>();
        for (Conversation c : loaded.locked()) {
            List<Message> its = loaded.waiting().get(c.id);
            if (its == null) {
                decided.put(c.id, Decided.NOTHING);
                continue;
            }
            if (c.status != ConversationStatus.CLOSED) {
                CompiledBot bot = bots.find(c.botId).orElse(null);
                if (bot == null || !bot.active() || !bot.businessHours().isOpen(now) || bot.callsOut()
                        || its.stream().anyMatch(this::pressedByIdOnly)) {
                    continue;
                }
                botOf.put(c.id, bot);
            }
            ready.add(c);
        }
        if (ready.isEmpty()) {
            return decided;
        }
        ConversationEvents.Batch batch = events.batch();
        List<Message> replies = new ArrayList<>();
        List<String> processed = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<BotSession> sessionsDecided = new ArrayList<>(ready.size());
        for (Conversation c : ready) {
            BotSession session = loaded.sessions().computeIfAbsent(c.id, id -> newSession(c));
            List<Message> its = loaded.waiting().get(c.id);
            List<String> arrived = its.stream().map(m -> m.text).toList();
            // these bots answer without the history (only models and external bots read it)
            Decided one = decide(c, its, botOf.get(c.id), session,
                    c.contactId == null ? null : loaded.contacts().get(c.contactId), new ArrayList<>(),
                    !loaded.withPendingDelivery().contains(c.id), batch);
            decided.put(c.id, one);
            replies.addAll(one.replies());
            for (int i = 0; i < its.size(); i++) {
                processed.add(its.get(i).id);
                titles.add(Objects.equals(its.get(i).text, arrived.get(i)) ? null : its.get(i).text);
            }
            sessionsDecided.add(session);
        }
        decisions.write(new DecisionRepository.Decisions(replies, processed, titles, ready, sessionsDecided),
                batch.events());
        return decided;
    }

    /**
     * Runs the engine on the conversation's waiting messages, oldest first, and applies what it decided to the
     * conversation, its messages (decided; a button pressed by id alone given its title as its text) and its session
     * (replies, claimed for this replica when {@code claim}; events into {@code batch}); the caller stores the replies
     * and the session.
     */
    private Decided decide(Conversation conversation, List<Message> waiting, CompiledBot bot, BotSession session,
            Contact contact, List<Message> recent, boolean claim, ConversationEvents.Batch batch) {
        SessionState state = toState(session);
        List<Message> replies = new ArrayList<>();
        for (Message inbound : waiting) {
            List<ChatTurn> history = recent.stream().filter(m -> m.text != null)
                    .map(m -> new ChatTurn(m.sender == Message.Sender.contact ? "user" : "assistant", m.text)).toList();
            inbound.processed = true;
            String buttonId = buttonId(inbound);
            // a button pressed by id alone reads as its title in the transcript too (the id stays in the metadata)
            inbound.text = buttonTitle(recent, buttonId, inbound.text);
            if (conversation.lastMessageAt == null || conversation.lastMessageAt.isBefore(inbound.createdAt)) {
                // also when accepting it could not touch the conversation, held by a decision then
                conversation.lastMessageAt = inbound.createdAt;
            }
            if (bot == null || conversation.status == ConversationStatus.CLOSED) {
                remember(recent, inbound, List.of());
                continue;
            }
            EngineInput input = new EngineInput(conversation.id, conversation.contactId,
                    contact == null ? null : contact.name, conversation.channelType, inbound.text, buttonId, history,
                    Map.of(), inbound.createdAt);
            Outcome outcome = engine.decide(bot, state, input, conversation.status == ConversationStatus.HANDED_OFF);
            List<ContactPanel> panels = outcome.handoff == null ? null
                    : ContactPanel.of(bot.snapshot().flows(), state.currentFlowId, state.variables);
            List<Message> stored = apply(conversation, inbound, outcome, claim, panels, batch);
            replies.addAll(stored);
            remember(recent, inbound, stored);
        }
        fromState(state, session);
        session.lastActivity = Instant.now();
        if (session.startedAt == null) {
            session.startedAt = session.lastActivity;
        }
        return new Decided(conversation, contact, replies, claim);
    }

    /**
     * A button reported by its id alone (a webhook's or webchat's {@code buttonId} without a text, Telegram's callback
     * data without its keyboard): its title is read from the history.
     */
    private boolean pressedByIdOnly(Message inbound) {
        String buttonId = buttonId(inbound);
        return buttonId != null && (inbound.text == null || inbound.text.equals(buttonId));
    }

    private void remember(List<Message> recent, Message inbound, List<Message> replies) {
        recent.add(inbound);
        recent.addAll(replies);
        while (recent.size() > config.historySize()) {
            recent.removeFirst();
        }
    }

    private List<Message> apply(Conversation conversation, Message inbound, Outcome outcome, boolean claim,
            List<ContactPanel> panels, ConversationEvents.Batch batch) {
        Instant now = Instant.now();
        List<Message> stored = new ArrayList<>(outcome.replies.size());
        for (Reply reply : outcome.replies) {
            Message out = outbound(conversation, reply.text(), now);
            out.sender = Message.Sender.bot;
            out.intent = reply.intent();
            out.buttons = reply.buttons() == null ? null : json.valueToTree(reply.buttons()).toString();
            Map<String, Object> meta = new LinkedHashMap<>();
            if (reply.sources() != null && !reply.sources().isEmpty()) {
                meta.put("sources", reply.sources());
            }
            if (reply.whatsappFlow() != null) {
                meta.put("whatsappFlow", reply.whatsappFlow());
            }
            if (!meta.isEmpty()) {
                out.metadata = json.valueToTree(meta).toString();
            }
            if (claim) {
                out.claimedBy = replica.id();
                out.nextAttemptAt = now.plus(config.delivery().claimTimeout());
            }
            stored.add(out);
            batch.sent(conversation, out, inbound.createdAt);
        }
        if (outcome.handoff != null) {
            conversation.status = ConversationStatus.HANDED_OFF;
            conversation.handedOff = true;
            batch.handoffRequested(conversation, outcome.handoff.teamId(), outcome.handoff.reason(),
                    outcome.handoff.notes(), panels);
        } else if (outcome.queued) {
            conversation.status = ConversationStatus.QUEUED;
        } else if (conversation.status == ConversationStatus.QUEUED) {
            conversation.status = ConversationStatus.OPEN;
        }
        conversation.updatedAt = now;
        if (!outcome.replies.isEmpty()) {
            conversation.lastMessageAt = now;
        }
        return stored;
    }

    /** An outbound message waiting for delivery. */
    public static Message outbound(Conversation conversation, String text, Instant now) {
        Message out = new Message();
        out.id = Ids.generate("msg");
        out.tenantId = conversation.tenantId;
        out.conversationId = conversation.id;
        out.channelId = conversation.channelId;
        out.direction = Message.Direction.outbound;
        out.text = text;
        out.processed = true;
        out.deliveryStatus = Message.DeliveryStatus.pending;
        out.nextAttemptAt = now;
        out.createdAt = now;
        return out;
    }

    /**
     * A pressed button reported by id only (the generic webhook's or webchat's {@code buttonId} without a text,
     * Telegram's callback data without its keyboard) reads as its title, as the customer saw it: the title of the
     * newest button in the history with that id; {@code text} when there is none.
     */
    private String buttonTitle(List<Message> recent, String buttonId, String text) {
        if (buttonId == null || (text != null && !text.equals(buttonId))) {
            return text;
        }
        for (Message m : recent.reversed()) {
            if (m.buttons == null) {
                continue;
            }
            try {
                for (JsonNode b : json.readTree(m.buttons)) {
                    if (buttonId.equals(b.path("id").asText(null)) || buttonId.equals(b.path("title").asText(null))) {
                        return b.path("title").asText(text);
                    }
                }
            } catch (JsonProcessingException e) {
                // unreadable buttons: keep the id
            }
        }
        return text;
    }

    private String buttonId(Message inbound) {
        if (inbound.metadata == null) {
            return null;
        }
        try {
            JsonNode meta = json.readTree(inbound.metadata);
            return meta.path("buttonId").asText(null);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static BotSession newSession(Conversation conversation) {
        BotSession s = new BotSession();
        s.id = Ids.generate("sess");
        s.tenantId = conversation.tenantId;
        s.conversationId = conversation.id;
        s.botId = conversation.botId;
        s.contactId = conversation.contactId;
        s.startedAt = Instant.now();
        s.lastActivity = s.startedAt;
        return s;
    }

    SessionState toState(BotSession s) {
        SessionState state = new SessionState();
        state.currentFlowId = s.currentFlowId;
        state.currentStep = s.currentStep;
        state.stepRetries = s.stepRetries;
        state.fallbackCount = s.fallbackCount;
        state.greeted = s.greeted;
        state.offlineNotified = s.offlineNotified;
        try {
            state.variables = new LinkedHashMap<>(json.readValue(s.variables, new TypeReference<Map<String, String>>() { }));
        } catch (JsonProcessingException e) {
            state.variables = new LinkedHashMap<>();
        }
        return state;
    }

    void fromState(SessionState state, BotSession s) {
        s.currentFlowId = state.currentFlowId;
        s.currentStep = state.currentStep;
        s.stepRetries = state.stepRetries;
        s.fallbackCount = state.fallbackCount;
        s.greeted = state.greeted;
        s.offlineNotified = state.offlineNotified;
        s.variables = json.valueToTree(state.variables).toString();
    }
}
