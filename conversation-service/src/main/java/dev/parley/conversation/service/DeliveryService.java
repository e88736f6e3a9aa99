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
 * <p>
 * Only the replica that claimed a reply sends it. A claim names the replica ({@code claimed_by}) and lasts while
 * that replica's heartbeat does ({@link ReplicaHeartbeat}): the replica that decides a reply claims it in the
 * deciding transaction and sends it at once ({@link #deliverClaimed}); the recovery sweep ({@link #deliver}) takes
 * over replies whose holder stopped beating, within {@code claim-timeout}, walking the conversation's waiting
 * replies oldest first and stopping at the first one it may not send, so a later reply never overtakes an earlier.
 * Once the channel accepted a reply, recording it sent is one local commit; in that window a crash makes the reply
 * go out again, with the same idempotency key (the message id) for the receiver to drop the repeat.
 */
@ApplicationScoped
public class DeliveryService {

    private static final Logger LOG = Logger.getLogger(DeliveryService.class);

    private final MessageRepository messages;
    private final ConversationRepository conversations;
    private final ContactRepository contacts;
    private final ChannelDirectory channels;
    private final ReplicaHeartbeat replica;
    private final SentRecorder sent;
    private final ConversationConfig config;
    private final ObjectMapper json;
    private final Map<Channel.Type, ChannelSender> senders = new EnumMap<>(Channel.Type.class);

    public DeliveryService(MessageRepository messages, ConversationRepository conversations, ContactRepository contacts,
            ChannelDirectory channels, ReplicaHeartbeat replica, SentRecorder sent, ConversationConfig config,
            ObjectMapper json, Instance<ChannelSender> all) {
        this.messages = messages;
        this.conversations = conversations;
        this.contacts = contacts;
        this.channels = channels;
        this.replica = replica;
        this.sent = sent;
        this.config = config;
        this.json = json;
        all.forEach(s -> senders.put(s.type(), s));
    }

    private record Target(Conversation conversation, Contact contact, List<Message> claimed) {
    }

    /**
     * Sends replies this replica claimed when it decided them (nothing older of the conversation was waiting), in
     * order, without reading them back.
     */
    public void deliverClaimed(Conversation conversation, Contact contact, List<Message> claimed) {
        if (!claimed.isEmpty()) {
            send(new Target(conversation, contact, claimed));
        }
    }

    /**
     * Claims and sends the conversation's waiting replies that are due, oldest first: the run of replies from the
     * oldest that are due and unclaimed, claimed by this replica, or claimed by a replica whose heartbeat stopped.
     */
    public void deliver(String conversationId) {
        Target target = QuarkusTransaction.requiringNew().call(() -> {
            List<Message> claimed = messages.claimDue(conversationId, replica.id(), replica.claimTimeoutSeconds());
            if (claimed.isEmpty()) {
                return null;
            }
            Conversation c = conversations.findById(conversationId);
            return new Target(c, c.contactId == null ? null : contacts.findById(c.contactId), claimed);
        });
        if (target != null) {
            send(target);
        }
    }

    private void send(Target target) {
        Optional<ResolvedChannel> channel = target.conversation().channelId == null ? Optional.empty()
                : channels.find(target.conversation().channelId);
        List<Message> claimed = target.claimed();
        for (int i = 0; i < claimed.size(); i++) {
            Message m = claimed.get(i);
            try {
                if (channel.isEmpty() || target.contact() == null) {
                    throw new IllegalStateException("the conversation's channel is no longer bound to a bot");
                }
                ChannelSender sender = senders.get(channel.get().channel().type());
                Channel ch = channel.get().channel();
                Delivery delivery = new Delivery(m.id, m.conversationId, target.contact().id, target.contact().externalId, ch,
                        channels.credentials(ch), m.text, buttons(m), whatsappFlow(m), m.sender.name());
                String platformId = sender.send(delivery);
                sent.record(m.id, platformId, sender.announcementWhenSent(delivery));
            } catch (RuntimeException e) {
                int attempts = m.deliveryAttempts + 1;
                boolean giveUp = attempts >= config.delivery().maxAttempts();
                Instant next = Instant.now().plus(config.delivery().backoff().multipliedBy(1L << Math.min(attempts - 1, 10)));
                String error = describe(e);
                LOG.warnf("Delivery of %s (attempt %d) failed: %s", m.id, attempts, error);
                List<String> rest = claimed.subList(i + 1, claimed.size()).stream().map(r -> r.id).toList();
                QuarkusTransaction.requiringNew().run(() -> {
                    messages.update("deliveryStatus = ?1, deliveryAttempts = ?2, deliveryError = ?3, nextAttemptAt = ?4, "
                            + "claimedBy = null where id = ?5",
                            giveUp ? Message.DeliveryStatus.failed : Message.DeliveryStatus.pending, attempts,
                            error.length() > 500 ? error.substring(0, 500) : error, giveUp ? null : next, m.id);
                    if (!giveUp && !rest.isEmpty()) {
                        // the later replies wait behind this one, free for whichever replica retries it
                        messages.update("claimedBy = null where id in ?1 and deliveryStatus = ?2", rest,
                                Message.DeliveryStatus.pending);
                    }
                });
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
