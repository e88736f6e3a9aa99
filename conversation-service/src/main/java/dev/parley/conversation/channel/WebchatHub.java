package dev.parley.conversation.channel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.Message;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.events.bot.Button;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Webchat visitors' open event streams on this replica. A stream never relies on being open at the moment a reply is
 * sent: it is a cursor over the visitor's outbound messages (their {@code seq}, sent as the event id), and every wake
 * ({@link WebchatFanout}: a reply was sent on any replica, a transfer changed) sends what lies beyond the cursor,
 * read from the database. A stream that reconnects with {@code Last-Event-ID} resumes exactly where it was.
 * Outbound messages of a conversation are written under its row lock, so their {@code seq} grows in commit order and
 * a cursor never skips one. One thread does all reading and writing, so a stream's events never interleave.
 */
@ApplicationScoped
public class WebchatHub {

    /** The conversation's state as the widget shows it: handed off to an agent (and who), or with the bot. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebchatState(String conversationId, String status, boolean handedOff, String agentName) {

        public static WebchatState of(Optional<Conversation> c) {
            return c.map(x -> new WebchatState(x.id, x.status.name().toLowerCase(), x.status == ConversationStatus.HANDED_OFF,
                    x.agentName))
                    .orElse(new WebchatState(null, "none", false, null));
        }
    }

    private static final Logger LOG = Logger.getLogger(WebchatHub.class);
    private static final int BATCH = 200;

    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final ObjectMapper json;
    private final Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("webchat-streams").factory());

    private static final class Stream {
        final SseEventSink sink;
        final Sse sse;
        long cursor;
        WebchatState state;

        Stream(SseEventSink sink, Sse sse, long cursor, WebchatState state) {
            this.sink = sink;
            this.sse = sse;
            this.cursor = cursor;
            this.state = state;
        }
    }

    public WebchatHub(MessageRepository messages, ConversationRepository conversations, ObjectMapper json) {
        this.messages = messages;
        this.conversations = conversations;
        this.json = json;
        worker.scheduleWithFixedDelay(this::keepAlive, 20, 20, TimeUnit.SECONDS);
    }

    /**
     * Opens a stream for the visitor: from {@code after} (the last event id the visitor has) when given, else from
     * now. What the visitor missed since {@code after} is sent at once.
     */
    public void open(String contactId, Long after, SseEventSink sink, Sse sse) {
        // where the stream begins is read before its head goes out: a visitor who sends a message once the stream is
        // open gets its reply, however fast it comes
        long cursor = after != null ? after : QuarkusTransaction.requiringNew().call(() -> lastOutboundSeq(contactId));
        WebchatState state = QuarkusTransaction.requiringNew().call(() -> WebchatState.of(conversations.currentOf(contactId)));
        // the head goes out now, from the request's own thread: written by this hub's thread while the framework
        // writes it too, one of them fails and the stream ends
        sink.send(sse.newEventBuilder().comment("open").build());
        streams.computeIfAbsent(contactId, k -> ConcurrentHashMap.newKeySet()).add(new Stream(sink, sse, cursor, state));
        wake(contactId); // what was sent since the cursor was read
    }

    /**
     * The visitor's streams on this replica look for what is new: together with every visitor woken meanwhile, in one
     * query.
     */
    public void wake(String contactId) {
        if (contactId != null && streams.containsKey(contactId) && pending.add(contactId)
                && scheduled.compareAndSet(false, true)) {
            worker.execute(this::catchUpPending);
        }
    }

    public void wakeAll() {
        streams.keySet().forEach(this::wake);
    }

    /** The id of the visitor's newest outbound message (0 when none): where a stream that starts now begins. */
    public long lastOutboundSeq(String contactId) {
        Long seq = messages.getEntityManager().createQuery("select max(m.seq) from Message m where m.conversationId in "
                + "(select c.id from Conversation c where c.contactId = ?1) and m.direction = ?2", Long.class)
                .setParameter(1, contactId).setParameter(2, Message.Direction.outbound).getSingleResult();
        return seq == null ? 0 : seq;
    }

    /** The message as the visitor sees it. */
    public WebchatMessage view(Message m, String agentName) {
        return new WebchatMessage(m.id, m.seq == null ? 0 : m.seq, m.conversationId, m.sender.name(), m.text, buttons(m),
                m.sender == Message.Sender.agent ? agentName : null,
                m.direction == Message.Direction.inbound ? m.channelMessageId : null, m.createdAt);
    }

    private void catchUpPending() {
        scheduled.set(false);
        // the visitors to bring up to date, each from the oldest cursor of its streams
        Map<String, Long> cursors = new HashMap<>();
        for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
            String contactId = it.next();
            it.remove();
            Set<Stream> open = streams.get(contactId);
            if (open == null) {
                continue;
            }
            open.removeIf(s -> s.sink.isClosed());
            if (open.isEmpty()) {
                streams.remove(contactId, open);
                continue;
            }
            cursors.put(contactId, open.stream().mapToLong(s -> s.cursor).min().orElse(0));
        }
        if (cursors.isEmpty()) {
            return;
        }
        try {
            MessageRepository.Unseen unseen = messages.unseen(cursors, BATCH);
            cursors.keySet().forEach(contactId -> show(contactId, unseen.messages().getOrDefault(contactId, List.of()),
                    Optional.ofNullable(unseen.conversations().get(contactId))));
        } catch (RuntimeException e) {
            LOG.warnf(e, "webchat streams of %d visitors could not be brought up to date; retrying", cursors.size());
            worker.schedule(() -> cursors.keySet().forEach(this::wake), 1, TimeUnit.SECONDS);
        }
    }

    private void show(String contactId, List<Message> found, Optional<Conversation> conversation) {
        Set<Stream> open = streams.get(contactId);
        if (open == null) {
            return;
        }
        WebchatState state = WebchatState.of(conversation);
        for (Stream s : open) {
            for (Message m : found) {
                if (m.seq > s.cursor) {
                    send(s, s.sse.newEventBuilder().id(Long.toString(m.seq)).name("message")
                            .mediaType(MediaType.APPLICATION_JSON_TYPE)
                            .data(WebchatMessage.class, view(m, state.agentName())).build());
                    s.cursor = m.seq;
                }
            }
            if (!Objects.equals(s.state, state)) {
                s.state = state;
                send(s, s.sse.newEventBuilder().name("conversation").mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(WebchatState.class, state).build());
            }
        }
        if (found.size() == BATCH) {
            wake(contactId);
        }
    }

    private void send(Stream s, OutboundSseEvent event) {
        if (!s.sink.isClosed()) {
            s.sink.send(event).exceptionally(e -> {
                s.sink.close();
                return null;
            });
        }
    }

    private void keepAlive() {
        streams.forEach((contactId, open) -> {
            open.removeIf(s -> s.sink.isClosed());
            open.forEach(s -> send(s, s.sse.newEventBuilder().comment("keep-alive").build()));
        });
        streams.entrySet().removeIf(e -> e.getValue().isEmpty());
    }

    private List<Button> buttons(Message m) {
        if (m.buttons == null) {
            return null;
        }
        try {
            return json.readValue(m.buttons, new TypeReference<List<Button>>() { });
        } catch (Exception e) {
            return null;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
        streams.values().forEach(open -> open.forEach(s -> s.sink.close()));
    }
}
