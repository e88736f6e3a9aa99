package dev.parley.conversation.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.conversation.Contact;
import dev.parley.conversation.Conversation;
import dev.parley.conversation.Message;
import dev.parley.conversation.channel.ChannelSender;
import dev.parley.conversation.channel.Delivery;
import dev.parley.conversation.config.ConversationConfig;
import dev.parley.conversation.repository.ContactRepository;
import dev.parley.conversation.repository.ConversationRepository;
import dev.parley.conversation.repository.MessageRepository;
import dev.parley.events.bot.Button;
import dev.parley.events.bot.Channel;
import dev.parley.events.bot.Flow;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends a conversation's pending replies to its channel, oldest first. A failed send stops the conversation's
 * delivery (later replies must not overtake it) and is retried with doubling back-off; after {@code maxAttempts}
 * the message is marked {@code failed} and the next one goes. Each message's status is stored as it changes.
 * A message is claimed (its next attempt moved past the send's time cap) before it is sent, so two replicas
 * sweeping at once never both send it.
 */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);
    /** Longer than any send may take (the outbound guard's time cap), so a claim never expires mid-send. */
    private static final java.time.Duration CLAIM = java.time.Duration.ofSeconds(90);

    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final ContactRepository contacts;
    private final ChannelDirectory channels;
    private final ConversationConfig config;
    private final ObjectMapper json;
    private final Map<Channel.Type, ChannelSender> senders = new EnumMap<>(Channel.Type.class);

    public DeliveryService(MessageRepository messages, ConversationRepository conversations, ContactRepository contacts,
            ChannelDirectory channels, ConversationConfig config, ObjectMapper json, Instance<ChannelSender> all) {
        this.messages = messages;
        this.conversations = conversations;
        this.contacts = contacts;
        this.channels = channels;
        this.config = config;
        this.json = json;
        all.forEach(s -> senders.put(s.type(), s));
    }

    private record Target(Conversation conversation, Contact contact, List<Message> due) {
    }

    public void deliver(String conversationId) {
        Target target = QuarkusTransaction.requiringNew().call(() -> {
            List<Message> due = messages.pendingDelivery(conversationId, Instant.now());
            if (due.isEmpty()) {
                return null;
            }
            Conversation c = conversations.findById(conversationId);
            return new Target(c, c.contactId == null ? null : contacts.findById(c.contactId), due);
        });
        if (target == null) {
            return;
        }
        Optional<ResolvedChannel> channel = target.conversation().channelId == null ? Optional.empty()
                : channels.find(target.conversation().channelId);
        for (Message m : target.due()) {
            // claim the message for a while: on several replicas, only the claimer sends it
            Instant now = Instant.now();
            int claimed = QuarkusTransaction.requiringNew().call(() -> messages.update(
                    "nextAttemptAt = ?1 where id = ?2 and deliveryStatus = ?3 and nextAttemptAt <= ?4",
                    now.plus(CLAIM), m.id, Message.DeliveryStatus.pending, now));
            if (claimed == 0) {
                return;
            }
            try {
                if (channel.isEmpty() || target.contact() == null) {
                    throw new IllegalStateException("the conversation's channel is no longer bound to a bot");
                }
                ChannelSender sender = senders.get(channel.get().channel().type());
                Channel ch = channel.get().channel();
                String platformId = sender.send(new Delivery(m.id, m.conversationId, target.contact().id, target.contact().externalId, ch,
                        channels.credentials(ch), m.text, buttons(m), whatsappFlow(m), m.sender.name()));
                QuarkusTransaction.requiringNew().run(() -> messages.update("deliveryStatus = ?1, "
                        + "deliveryAttempts = deliveryAttempts + 1, deliveryError = null, nextAttemptAt = null, "
                        + "channelMessageId = ?2 where id = ?3", Message.DeliveryStatus.sent, platformId, m.id));
            } catch (RuntimeException e) {
                int attempts = m.deliveryAttempts + 1;
                boolean giveUp = attempts >= config.delivery().maxAttempts();
                Instant next = Instant.now().plus(config.delivery().backoff().multipliedBy(1L << Math.min(attempts - 1, 10)));
                String error = describe(e);
                LOG.warnf("Delivery of %s (attempt %d) failed: %s", m.id, attempts, error);
                QuarkusTransaction.requiringNew().run(() -> messages.update(
                        "deliveryStatus = ?1, deliveryAttempts = ?2, deliveryError = ?3, nextAttemptAt = ?4 where id = ?5",
                        giveUp ? Message.DeliveryStatus.failed : Message.DeliveryStatus.pending, attempts,
                        error.length() > 500 ? error.substring(0, 500) : error, giveUp ? null : next, m.id));
                if (!giveUp) {
                    return;
                }
            }
        }
    }

    private static String describe(Throwable e) {
        StringBuilder s = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (e.getCause() != null && e.getCause() != e) {
            s.append(" (").append(e.getCause().getClass().getSimpleName()).append(": ")
                    .append(e.getCause().getMessage()).append(')');
        }
        return s.toString();
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

    private Flow.WhatsappFlow whatsappFlow(Message m) {
        if (m.metadata == null) {
            return null;
        }
        try {
            JsonNode flow = json.readTree(m.metadata).path("whatsappFlow");
            return flow.isObject() ? json.treeToValue(flow, Flow.WhatsappFlow.class) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
