package dev.parley.conversation.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.Contact;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.ConversationStatus;
import dev.parley.conversation.Message;
import dev.parley.conversation.channel.InboundMessage;
import dev.parley.conversation.channel.InboundParsers;
import dev.parley.conversation.messaging.ConversationEvents;
import dev.parley.conversation.repository.ContactRepository;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.platform.id.Ids;
import dev.parley.platform.transaction.GroupCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Takes a customer message in: stored first (once per channel message id), so it is never lost, then decided by the
 * engine in the conversation's lane. The channel's HTTP answer does not wait for the bot.
 */
@ApplicationScoped
public class InboundService {

    public record Accepted(String conversationId, String contactId, boolean duplicate) {
    }

    private final ContactRepository contacts;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final ConversationEvents events;
    private final ConversationLanes lanes;
    private final ConversationProcessor processor;
    private final GroupDecider decider;
    private final DeliveryService delivery;
    private final ObjectMapper json;
    private final GroupCommit<Arrival, Accepted> group;

    public InboundService(ContactRepository contacts, ConversationRepository conversations, MessageRepository messages,
            ConversationEvents events, ConversationLanes lanes, ConversationProcessor processor, GroupDecider decider,
            DeliveryService delivery, ObjectMapper json) {
        this.contacts = contacts;
        this.conversations = conversations;
        this.messages = messages;
        this.events = events;
        this.lanes = lanes;
        this.processor = processor;
        this.decider = decider;
        this.delivery = delivery;
        this.json = json;
        this.group = new GroupCommit<>("inbound-group", 256,
                arrivals -> QuarkusTransaction.requiringNew().call(() -> storeAll(arrivals)));
    }

    /**
     * Stores the message and schedules the bot's answer; a redelivery is recognised and ignored. Returns once the
     * message is committed: by group commit with the messages arriving meanwhile, or alone when that group failed.
     */
    public Accepted receive(ResolvedChannel channel, InboundMessage in) {
        Accepted accepted = null;
        if (group.running()) {
            try {
                accepted = group.submit(new Arrival(channel, in));
            } catch (RuntimeException e) {
                // the group rolled back: this message is stored alone
            }
        }
        if (accepted == null) {
            accepted = QuarkusTransaction.requiringNew().call(() -> store(channel, in));
        }
        if (!accepted.duplicate()) {
            process(accepted.conversationId());
        }
        return accepted;
    }

    void start(@Observes StartupEvent event) {
        group.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        group.stop();
    }

    /** WhatsApp's reports on delivered, read and failed messages. */
    public void platformStatuses(ResolvedChannel channel, List<InboundParsers.PlatformStatus> statuses) {
        if (statuses.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> statuses.forEach(s -> {
            Message.DeliveryStatus status = switch (s.status()) {
                case "delivered" -> Message.DeliveryStatus.delivered;
                case "read" -> Message.DeliveryStatus.read;
                case "failed" -> Message.DeliveryStatus.failed;
                default -> null;
            };
            if (status != null) {
                messages.applyPlatformStatus(channel.channel().id(), s.platformId(), status, s.error());
            }
        }));
    }

    /**
     * Decides the conversation's waiting messages (together with other conversations' when nothing slow is involved:
     * {@link GroupDecider}), then delivers the replies, in the conversation's lane.
     */
    public void process(String conversationId) {
        lanes.submit(conversationId, () -> {
            ConversationProcessor.Decided decided = decider.decide(conversationId);
            if (decided == null) {
                decided = processor.drain(conversationId);
            }
            if (decided.claimed()) {
                delivery.deliverClaimed(decided.conversation(), decided.contact(), decided.replies());
            } else {
                delivery.deliver(conversationId);
            }
        });
    }

    private record Arrival(ResolvedChannel channel, InboundMessage message) {
    }

    /**
     * Group commit of arrivals: what {@link #store} does for one message, for every message of the group in three
     * statements (contacts, locked in (channel, external id) order, the same on every replica; their current
     * conversations; then the new conversations, the messages with their conversations' last-message times and the
     * events together).
     */
    private List<Accepted> storeAll(List<Arrival> arrivals) {
        Instant now = Instant.now();
        // one draft per contact, the last name given winning as one upsert after the other would
        TreeMap<String, Contact> drafts = new TreeMap<>();
        for (Arrival a : arrivals) {
            String key = ContactRepository.key(a.channel().channel().id(), a.message().externalContactId());
            Contact draft = drafts.computeIfAbsent(key, k -> {
                Contact c = new Contact();
                c.id = Ids.generate("ct");
                c.tenantId = a.channel().tenantId();
                c.channelId = a.channel().channel().id();
                c.externalId = a.message().externalContactId();
                return c;
            });
            if (a.message().contactName() != null) {
                draft.name = a.message().contactName();
            }
        }
        Map<String, String> contactIds = contacts.upsertAllLocked(new ArrayList<>(drafts.values()), now);
        Map<String, Conversation> current = conversations.currentOfAll(contactIds.values());
        ConversationEvents.Batch batch = events.batch();
        List<Conversation> created = new ArrayList<>();
        List<Message> stored = new ArrayList<>(arrivals.size());
        List<Conversation> of = new ArrayList<>(arrivals.size());
        for (Arrival a : arrivals) {
            ResolvedChannel channel = a.channel();
            InboundMessage in = a.message();
            String contactId = contactIds.get(ContactRepository.key(channel.channel().id(), in.externalContactId()));
            Conversation conversation = current.get(contactId);
            if (conversation == null) {
                conversation = newConversation(channel, contactId, now);
                conversation.lastMessageAt = now;
                current.put(contactId, conversation);
                created.add(conversation);
                batch.started(conversation, in.contactName());
            }
            Message m = inbound(channel, conversation, in, now);
            batch.received(conversation, m); // stored only if the message is: not for a redelivery
            stored.add(m);
            of.add(conversation);
        }
        Set<String> inserted = messages.insertInboundAll(created, stored, now, batch.events(), batch.inboundIds());
        List<Accepted> accepted = new ArrayList<>(arrivals.size());
        for (int i = 0; i < stored.size(); i++) {
            Conversation conversation = of.get(i);
            accepted.add(new Accepted(conversation.id, conversation.contactId, !inserted.contains(stored.get(i).id)));
        }
        return accepted;
    }

    private static Conversation newConversation(ResolvedChannel channel, String contactId, Instant now) {
        Conversation conversation = new Conversation();
        conversation.id = Ids.generate("conv");
        conversation.tenantId = channel.tenantId();
        conversation.botId = channel.bot().id();
        conversation.channelId = channel.channel().id();
        conversation.channelType = RequestNames.channelType(channel.channel().type());
        conversation.contactId = contactId;
        conversation.status = ConversationStatus.OPEN;
        conversation.createdAt = now;
        conversation.updatedAt = now;
        return conversation;
    }

    private Message inbound(ResolvedChannel channel, Conversation conversation, InboundMessage in, Instant now) {
        Message m = new Message();
        m.id = Ids.generate("msg");
        m.tenantId = channel.tenantId();
        m.conversationId = conversation.id;
        m.channelId = channel.channel().id();
        m.direction = Message.Direction.inbound;
        m.sender = Message.Sender.contact;
        m.text = in.text();
        m.channelMessageId = in.channelMessageId();
        m.createdAt = now;
        if (in.buttonId() != null || in.attachment() != null) {
            Map<String, Object> meta = new LinkedHashMap<>();
            if (in.buttonId() != null) {
                meta.put("buttonId", in.buttonId());
            }
            if (in.attachment() != null) {
                meta.put("attachment", in.attachment());
            }
            m.metadata = json.valueToTree(meta).toString();
        }
        return m;
    }

    private Accepted store(ResolvedChannel channel, InboundMessage in) {
        Instant now = Instant.now();
        Contact contact = new Contact();
        contact.id = Ids.generate("ct");
        contact.tenantId = channel.tenantId();
        contact.channelId = channel.channel().id();
        contact.externalId = in.externalContactId();
        contact.name = in.contactName();
        contact.createdAt = now;
        String contactId = contacts.upsertLocked(contact);
        Conversation conversation = conversations.currentOf(contactId).orElse(null);
        if (conversation == null) {
            conversation = newConversation(channel, contactId, now);
            conversations.persist(conversation);
            events.started(conversation, in.contactName());
        }
        Message m = inbound(channel, conversation, in, now);
        if (!messages.insertInboundOnce(m)) {
            return new Accepted(conversation.id, contactId, true);
        }
        conversation.lastMessageAt = now;
        conversation.updatedAt = now;
        events.received(conversation, m);
        return new Accepted(conversation.id, contactId, false);
    }
}
