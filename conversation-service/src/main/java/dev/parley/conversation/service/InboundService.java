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
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final DeliveryService delivery;
    private final ObjectMapper json;

    public InboundService(ContactRepository contacts, ConversationRepository conversations, MessageRepository messages,
            ConversationEvents events, ConversationLanes lanes, ConversationProcessor processor,
            DeliveryService delivery, ObjectMapper json) {
        this.contacts = contacts;
        this.conversations = conversations;
        this.messages = messages;
        this.events = events;
        this.lanes = lanes;
        this.processor = processor;
        this.delivery = delivery;
        this.json = json;
    }

    /** Stores the message and schedules the bot's answer; a redelivery is recognised and ignored. */
    public Accepted receive(ResolvedChannel channel, InboundMessage in) {
        Accepted accepted = QuarkusTransaction.requiringNew().call(() -> store(channel, in));
        if (!accepted.duplicate()) {
            process(accepted.conversationId());
        }
        return accepted;
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

    /** Decides the conversation's waiting messages, then delivers the replies, in the conversation's lane. */
    public void process(String conversationId) {
        lanes.submit(conversationId, () -> {
            ConversationProcessor.Decided decided = processor.drain(conversationId);
            if (decided.claimed()) {
                delivery.deliverClaimed(decided.conversation(), decided.contact(), decided.replies());
            } else {
                delivery.deliver(conversationId);
            }
        });
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
            conversation = new Conversation();
            conversation.id = Ids.generate("conv");
            conversation.tenantId = channel.tenantId();
            conversation.botId = channel.bot().id();
            conversation.channelId = channel.channel().id();
            conversation.channelType = RequestNames.channelType(channel.channel().type());
            conversation.contactId = contactId;
            conversation.status = ConversationStatus.OPEN;
            conversation.createdAt = now;
            conversation.updatedAt = now;
            conversations.persist(conversation);
            events.started(conversation, in.contactName());
        }
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
        if (in.buttonId() != null) {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("buttonId", in.buttonId());
            m.metadata = json.valueToTree(meta).toString();
        }
        if (!messages.insertInboundOnce(m)) {
            return new Accepted(conversation.id, contactId, true);
        }
        conversation.lastMessageAt = now;
        conversation.updatedAt = now;
        m.sender = Message.Sender.contact;
        events.received(conversation, m);
        return new Accepted(conversation.id, contactId, false);
    }
}
