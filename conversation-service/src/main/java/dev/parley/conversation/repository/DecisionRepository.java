package dev.parley.conversation.repository;

import static dev.parley.conversation.repository.SqlArrays.texts;
import static dev.parley.conversation.repository.SqlArrays.times;

import dev.parley.conversation.BotSession;
import dev.parley.conversation.Contact;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.Message;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;

/**
 * What deciding a group of conversations together reads and writes, in plain SQL: everything the group needs is read
 * in one round trip and everything it decided written in one with its events, whatever the group's size (several
 * statements sent together, each with the group's ids as one array). Rows are plain values, not managed entities: the
 * hot path pays for no entity loading or dirty checking.
 */
@ApplicationScoped
public class DecisionRepository {

    /**
     * The conversations this transaction locked (those another holds are skipped), oldest id first, with what deciding
     * them needs: their undecided messages oldest first, their sessions and contacts, and which of them still have a
     * reply waiting for delivery.
     */
    public record Loaded(List<Conversation> locked, Map<String, List<Message>> waiting,
            Map<String, BotSession> sessions, Map<String, Contact> contacts, Set<String> withPendingDelivery) {
    }

    /**
     * What a group decided: new replies, the inbound messages now decided with, for each, its new text (a button pressed
     * by id alone now reading as the button's title) or null where it keeps its own, and the conversations and sessions.
     */
    public record Decisions(List<Message> replies, List<String> processed, List<String> titles,
            List<Conversation> conversations, List<BotSession> sessions) {
    }

    private static final String CONVERSATION_COLUMNS = """
            id, tenant_id, bot_id, channel_id, contact_id, status, channel_type, agent_id, agent_name, rating,
            feedback_comment, handed_off, closed_at, last_message_at, created_at, updated_at""";
    private static final String MESSAGE_COLUMNS = """
            id, seq, tenant_id, conversation_id, channel_id, direction, sender, agent_id, text, buttons, metadata,
            channel_message_id, processed, intent, delivery_status, delivery_attempts, delivery_error, next_attempt_at,
            claimed_by, created_at""";
    private static final String SESSION_COLUMNS = """
            id, tenant_id, conversation_id, bot_id, contact_id, current_flow_id, current_step, variables, step_retries,
            fallback_count, greeted, offline_notified, started_at, last_activity""";

    private static final String LOAD = """
            select %s from conversation where id = any(?) order by id for no key update skip locked;
            select %s from message where conversation_id = any(?) and processed = false order by seq;
            select %s from bot_session where conversation_id = any(?);
            select id, tenant_id, channel_id, external_id, name, visitor_token_hash, created_at from contact
                where id in (select contact_id from conversation where id = any(?));
            select distinct conversation_id from message
                where conversation_id = any(?) and delivery_status = 'pending'"""
            .formatted(CONVERSATION_COLUMNS, MESSAGE_COLUMNS, SESSION_COLUMNS);

    private static final String WRITE = """
            insert into message (id, tenant_id, conversation_id, channel_id, direction, sender, text, buttons, metadata,
                intent, processed, delivery_status, delivery_attempts, next_attempt_at, claimed_by, created_at)
            select t.id, t.tenant_id, t.conversation_id, t.channel_id, 'outbound', t.sender, t.text, t.buttons,
                t.metadata, t.intent, true, 'pending', 0, t.next_attempt_at, t.claimed_by, t.created_at
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[])
                with ordinality as t(id, tenant_id, conversation_id, channel_id, sender, text, buttons, metadata,
                    intent, next_attempt_at, claimed_by, created_at, n)
            order by t.n;
            update message m set processed = true, text = coalesce(t.title, m.text)
            from unnest(?::text[], ?::text[]) as t(id, title)
            where m.id = t.id;
            update conversation c set status = u.status, handed_off = u.handed_off, updated_at = u.updated_at,
                last_message_at = u.last_message_at
            from unnest(?::text[], ?::text[], ?::boolean[], ?::timestamptz[], ?::timestamptz[])
                as u(id, status, handed_off, updated_at, last_message_at)
            where c.id = u.id;
            insert into bot_session (id, tenant_id, conversation_id, bot_id, contact_id, current_flow_id, current_step,
                variables, step_retries, fallback_count, greeted, offline_notified, started_at, last_activity)
            select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                ?::int[], ?::int[], ?::boolean[], ?::boolean[], ?::timestamptz[], ?::timestamptz[])
            on conflict (id) do update set bot_id = excluded.bot_id, contact_id = excluded.contact_id,
                current_flow_id = excluded.current_flow_id, current_step = excluded.current_step,
                variables = excluded.variables, step_retries = excluded.step_retries,
                fallback_count = excluded.fallback_count, greeted = excluded.greeted,
                offline_notified = excluded.offline_notified, last_activity = excluded.last_activity;
            """ + Outbox.INSERT_ALL;

    private final EntityManager entityManager;
    private final Outbox outbox;

    public DecisionRepository(EntityManager entityManager, Outbox outbox) {
        this.entityManager = entityManager;
        this.outbox = outbox;
    }

    /**
     * Locks those of the conversations no other transaction holds, in id order, and reads what deciding them needs, in
     * one round trip; the others are skipped, not waited for (their holder may be deciding them, which can take as
     * long as a model call).
     */
    public Loaded lockAndLoad(Collection<String> conversationIds) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            Array ids = connection.createArrayOf("text", conversationIds.toArray());
            try (PreparedStatement load = connection.prepareStatement(LOAD)) {
                for (int i = 1; i <= 5; i++) {
                    load.setArray(i, ids);
                }
                load.execute();
                List<Conversation> locked = readAll(load.getResultSet(), DecisionRepository::conversation);
                Set<String> lockedIds = new HashSet<>();
                locked.forEach(c -> lockedIds.add(c.id));
                Map<String, List<Message>> waiting = new HashMap<>();
                load.getMoreResults();
                for (Message m : readAll(load.getResultSet(), DecisionRepository::message)) {
                    if (lockedIds.contains(m.conversationId)) {
                        waiting.computeIfAbsent(m.conversationId, id -> new ArrayList<>()).add(m);
                    }
                }
                Map<String, BotSession> sessions = new HashMap<>();
                load.getMoreResults();
                readAll(load.getResultSet(), DecisionRepository::session)
                        .forEach(s -> sessions.put(s.conversationId, s));
                Map<String, Contact> contacts = new HashMap<>();
                load.getMoreResults();
                readAll(load.getResultSet(), DecisionRepository::contact).forEach(c -> contacts.put(c.id, c));
                load.getMoreResults();
                Set<String> pending = new HashSet<>(readAll(load.getResultSet(), row -> row.getString(1)));
                return new Loaded(locked, waiting, sessions, contacts, pending);
            }
        });
    }

    /** Writes what a group decided (sessions new or changed) and its events, in one round trip. */
    public void write(Decisions decided, List<OutgoingEvent> events) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement write = connection.prepareStatement(WRITE)) {
                List<Message> r = decided.replies();
                int p = 0;
                write.setArray(++p, texts(connection, r, m -> m.id));
                write.setArray(++p, texts(connection, r, m -> m.tenantId));
                write.setArray(++p, texts(connection, r, m -> m.conversationId));
                write.setArray(++p, texts(connection, r, m -> m.channelId));
                write.setArray(++p, texts(connection, r, m -> m.sender.name()));
                write.setArray(++p, texts(connection, r, m -> m.text));
                write.setArray(++p, texts(connection, r, m -> m.buttons));
                write.setArray(++p, texts(connection, r, m -> m.metadata));
                write.setArray(++p, texts(connection, r, m -> m.intent));
                write.setArray(++p, times(connection, r, m -> m.nextAttemptAt));
                write.setArray(++p, texts(connection, r, m -> m.claimedBy));
                write.setArray(++p, times(connection, r, m -> m.createdAt));
                write.setArray(++p, connection.createArrayOf("text", decided.processed().toArray()));
                write.setArray(++p, connection.createArrayOf("text", decided.titles().toArray()));
                List<Conversation> c = decided.conversations();
                write.setArray(++p, texts(connection, c, x -> x.id));
                write.setArray(++p, texts(connection, c, x -> x.status.name()));
                write.setArray(++p, connection.createArrayOf("boolean", c.stream().map(x -> x.handedOff).toArray()));
                write.setArray(++p, times(connection, c, x -> x.updatedAt));
                write.setArray(++p, times(connection, c, x -> x.lastMessageAt));
                List<BotSession> s = decided.sessions();
                write.setArray(++p, texts(connection, s, x -> x.id));
                write.setArray(++p, texts(connection, s, x -> x.tenantId));
                write.setArray(++p, texts(connection, s, x -> x.conversationId));
                write.setArray(++p, texts(connection, s, x -> x.botId));
                write.setArray(++p, texts(connection, s, x -> x.contactId));
                write.setArray(++p, texts(connection, s, x -> x.currentFlowId));
                write.setArray(++p, texts(connection, s, x -> x.currentStep));
                write.setArray(++p, texts(connection, s, x -> x.variables));
                write.setArray(++p, connection.createArrayOf("int4", s.stream().map(x -> x.stepRetries).toArray()));
                write.setArray(++p, connection.createArrayOf("int4", s.stream().map(x -> x.fallbackCount).toArray()));
                write.setArray(++p, connection.createArrayOf("boolean", s.stream().map(x -> x.greeted).toArray()));
                write.setArray(++p,
                        connection.createArrayOf("boolean", s.stream().map(x -> x.offlineNotified).toArray()));
                write.setArray(++p, times(connection, s, x -> x.startedAt));
                write.setArray(++p, times(connection, s, x -> x.lastActivity));
                outbox.bindAll(write, ++p, events);
                write.execute();
            }
        });
    }

    private interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    private static <T> List<T> readAll(ResultSet rows, Row<T> read) throws SQLException {
        List<T> all = new ArrayList<>();
        try (rows) {
            while (rows.next()) {
                all.add(read.read(rows));
            }
        }
        return all;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp at = row.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static Conversation conversation(ResultSet row) throws SQLException {
        Conversation c = new Conversation();
        c.id = row.getString("id");
        c.tenantId = row.getString("tenant_id");
        c.botId = row.getString("bot_id");
        c.channelId = row.getString("channel_id");
        c.contactId = row.getString("contact_id");
        c.status = ConversationStatus.valueOf(row.getString("status"));
        c.channelType = row.getString("channel_type");
        c.agentId = row.getString("agent_id");
        c.agentName = row.getString("agent_name");
        int rating = row.getInt("rating");
        c.rating = row.wasNull() ? null : rating;
        c.feedbackComment = row.getString("feedback_comment");
        c.handedOff = row.getBoolean("handed_off");
        c.closedAt = instant(row, "closed_at");
        c.lastMessageAt = instant(row, "last_message_at");
        c.createdAt = instant(row, "created_at");
        c.updatedAt = instant(row, "updated_at");
        return c;
    }

    private static Message message(ResultSet row) throws SQLException {
        Message m = new Message();
        m.id = row.getString("id");
        m.seq = row.getLong("seq");
        m.tenantId = row.getString("tenant_id");
        m.conversationId = row.getString("conversation_id");
        m.channelId = row.getString("channel_id");
        m.direction = Message.Direction.valueOf(row.getString("direction"));
        m.sender = Message.Sender.valueOf(row.getString("sender"));
        m.agentId = row.getString("agent_id");
        m.text = row.getString("text");
        m.buttons = row.getString("buttons");
        m.metadata = row.getString("metadata");
        m.channelMessageId = row.getString("channel_message_id");
        m.processed = row.getBoolean("processed");
        m.intent = row.getString("intent");
        String status = row.getString("delivery_status");
        m.deliveryStatus = status == null ? null : Message.DeliveryStatus.valueOf(status);
        m.deliveryAttempts = row.getInt("delivery_attempts");
        m.deliveryError = row.getString("delivery_error");
        m.nextAttemptAt = instant(row, "next_attempt_at");
        m.claimedBy = row.getString("claimed_by");
        m.createdAt = instant(row, "created_at");
        return m;
    }

    private static BotSession session(ResultSet row) throws SQLException {
        BotSession s = new BotSession();
        s.id = row.getString("id");
        s.tenantId = row.getString("tenant_id");
        s.conversationId = row.getString("conversation_id");
        s.botId = row.getString("bot_id");
        s.contactId = row.getString("contact_id");
        s.currentFlowId = row.getString("current_flow_id");
        s.currentStep = row.getString("current_step");
        s.variables = row.getString("variables");
        s.stepRetries = row.getInt("step_retries");
        s.fallbackCount = row.getInt("fallback_count");
        s.greeted = row.getBoolean("greeted");
        s.offlineNotified = row.getBoolean("offline_notified");
        s.startedAt = instant(row, "started_at");
        s.lastActivity = instant(row, "last_activity");
        return s;
    }

    private static Contact contact(ResultSet row) throws SQLException {
        Contact c = new Contact();
        c.id = row.getString("id");
        c.tenantId = row.getString("tenant_id");
        c.channelId = row.getString("channel_id");
        c.externalId = row.getString("external_id");
        c.name = row.getString("name");
        c.visitorTokenHash = row.getString("visitor_token_hash");
        c.createdAt = instant(row, "created_at");
        return c;
    }
}
