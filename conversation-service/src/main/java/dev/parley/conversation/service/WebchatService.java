package dev.parley.conversation.service;

import dev.parley.conversation.Contact;
import dev.parley.conversation.Message;
import dev.parley.conversation.client.Signatures;
import dev.parley.conversation.repository.ContactRepository;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.events.bot.Channel;
import dev.parley.platform.id.Ids;
import dev.parley.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Webchat visitors: a session (a contact on the webchat channel) with a token the widget keeps; only a hash of the
 * token is stored. Messages go through the same inbound path as every channel.
 */
@ApplicationScoped
public class WebchatService {

    public record VisitorSession(Contact contact, String token) {
    }

    private final ChannelDirectory channels;
    private final ContactRepository contacts;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final InboundService inbound;

    public WebchatService(ChannelDirectory channels, ContactRepository contacts, ConversationRepository conversations,
            MessageRepository messages, InboundService inbound) {
        this.channels = channels;
        this.contacts = contacts;
        this.conversations = conversations;
        this.messages = messages;
        this.inbound = inbound;
    }

    public VisitorSession open(String channelId, String name) {
        ResolvedChannel channel = channels.require(channelId, Channel.Type.WEBCHAT);
        String token = "wct_" + Ids.random(40);
        Contact contact = new Contact();
        contact.id = Ids.generate("ct");
        contact.tenantId = channel.tenantId();
        contact.channelId = channelId;
        contact.externalId = Ids.generate("vis");
        contact.name = name;
        contact.visitorTokenHash = hash(token);
        contact.createdAt = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> contacts.persist(contact));
        return new VisitorSession(contact, token);
    }

    /** The visitor behind a session id and token; 404 for anything that does not match, so ids cannot be probed. */
    public Contact visitor(String sessionId, String token) {
        Contact contact = QuarkusTransaction.requiringNew().call(() -> contacts.findById(sessionId));
        if (contact == null || contact.visitorTokenHash == null || token == null
                || !Signatures.same(contact.visitorTokenHash, hash(token))) {
            throw ProblemException.notFound("SESSION_NOT_FOUND", "Webchat session " + sessionId + " does not exist.");
        }
        return contact;
    }

    public InboundService.Accepted send(Contact visitor, String clientMessageId, String text, String buttonId) {
        ResolvedChannel channel = channels.require(visitor.channelId, Channel.Type.WEBCHAT);
        return inbound.receive(channel, new InboundMessage(clientMessageId != null ? clientMessageId : Ids.generate("wcm"),
                visitor.externalId, visitor.name, text != null ? text : buttonId, buttonId));
    }

    /**
     * The visitor's current conversation, oldest message first: what an event stream opened late missed. Replies
     * still on their way are included; the widget recognises them by id when their event arrives.
     */
    public List<Message> history(Contact visitor) {
        return QuarkusTransaction.requiringNew().call(() -> conversations.currentOf(visitor.id)
                .map(c -> messages.list("conversationId = ?1 and (direction = ?2 or deliveryStatus <> ?3)",
                        io.quarkus.panache.common.Sort.ascending("seq"), c.id, Message.Direction.inbound,
                        Message.DeliveryStatus.failed))
                .orElse(List.of()));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
