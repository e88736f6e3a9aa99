package dev.parley.routing.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.conversation.ConversationEvent;
import dev.parley.events.conversation.HandoffRequested;
import dev.parley.platform.inbox.IdempotentConsumer;
import dev.parley.platform.kafka.IncomingEvent;
import dev.parley.routing.Transfer;
import dev.parley.routing.repository.ConversationDirectory;
import dev.parley.routing.service.AssignmentService;
import dev.parley.routing.service.TransferService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads conversation-service's {@code parley.conversations}: {@code handoff.requested} becomes a transfer, exactly
 * once per event and at most one open transfer per conversation; {@code conversation.started} and
 * {@code conversation.closed} keep the {@link ConversationDirectory} (which conversations exist, whose they are);
 * other events pass by. The same {@code handoff.requested} from llm-gateway's agent loops arrives on
 * {@code parley.agent-loops} (channel {@value #AGENT_LOOP_CHANNEL}, dead letters to {@code parley.agent-loops.dlq}).
 * A record that cannot be read goes to {@code parley.conversations.dlq} (the channel's failure
 * strategy) instead of stopping the queue.
 */
@ApplicationScoped
public class HandoffConsumer {

    public static final String CHANNEL = "handoffs";
    public static final String AGENT_LOOP_CHANNEL = "agent-loop-handoffs";
    private static final String CONSUMER = "handoff-transfers";

    private final TransferService transfers;
    private final ConversationDirectory directory;
    private final AssignmentService assignment;
    private final IdempotentConsumer inbox;
    private final ObjectMapper json;

    public HandoffConsumer(TransferService transfers, ConversationDirectory directory, AssignmentService assignment,
            IdempotentConsumer inbox, ObjectMapper json) {
        this.transfers = transfers;
        this.directory = directory;
        this.assignment = assignment;
        this.inbox = inbox;
        this.json = json;
    }

    @Incoming(CHANNEL)
    @Incoming(AGENT_LOOP_CHANNEL)
    @Blocking
    public void on(ConsumerRecord<String, String> record) throws Exception {
        IncomingEvent event = IncomingEvent.from(record);
        if (event.isTombstone()) {
            return;
        }
        if (ConversationEvent.STARTED.equals(event.type()) || ConversationEvent.CLOSED.equals(event.type())) {
            ConversationEvent conversation = json.readValue(event.data(), ConversationEvent.class);
            if (conversation.tenantId() == null || conversation.conversationId() == null) {
                throw new IllegalArgumentException(event.type() + " " + event.id() + " names no tenant or no conversation");
            }
            QuarkusTransaction.requiringNew().run(() -> directory.record(conversation.tenantId(),
                    conversation.conversationId(), conversation.contactId(), conversation.contactName(),
                    conversation.botId(), conversation.channelType(),
                    ConversationEvent.STARTED.equals(event.type()), conversation.startedAt()));
            return;
        }
        if (!HandoffRequested.TYPE.equals(event.type())) {
            return;
        }
        HandoffRequested handoff = json.readValue(event.data(), HandoffRequested.class);
        if (handoff.tenantId() == null || (handoff.conversationId() == null && handoff.contactId() == null)) {
            throw new IllegalArgumentException("handoff.requested " + event.id() + " names no tenant or no conversation");
        }
        if (event.tenantId() != null && !event.tenantId().equals(handoff.tenantId())) {
            throw new IllegalArgumentException("handoff.requested " + event.id() + " disagrees with its tenant header");
        }
        Optional<Transfer> created = QuarkusTransaction.requiringNew().call(() ->
                inbox.firstDelivery(CONSUMER, event.id()) ? transfers.createFromHandoff(handoff) : Optional.empty());
        created.ifPresent(transfer -> assignment.reassessQueue(transfer.tenantId, transfer.teamId));
    }
}
