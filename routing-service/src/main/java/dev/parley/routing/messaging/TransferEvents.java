package dev.parley.routing.messaging;

import dev.parley.events.Topics;
import dev.parley.events.routing.BotHandoffEvent;
import dev.parley.events.routing.TransferEvent;
import dev.parley.platform.json.JsonNames;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import dev.parley.routing.Transfer;
import dev.parley.routing.repository.AgentRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a transfer's changes on {@code parley.routing}, keyed by conversation, in the changing transaction; and
 * {@code bot.handoff} when a transfer takes a conversation from its bot.
 */
@ApplicationScoped
public class TransferEvents {

    private final Outbox outbox;
    private final AgentRepository agents;

    public TransferEvents(Outbox outbox, AgentRepository agents) {
        this.outbox = outbox;
        this.agents = agents;
    }

    /** A transfer with its agent's display name, as a batch of decisions already knows it. */
    public record Named(Transfer transfer, String agentName) {
    }

    /** With the agent's display name, which conversation-service shows webchat visitors beside the agent's replies. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String type, Transfer transfer) {
        String agentName = transfer.agentId == null ? null : agents.findOwned(transfer.tenantId, transfer.agentId)
                .map(a -> a.name).orElse(null);
        outbox.publish(event(type, transfer, agentName));
    }

    /** The same events for many transfers of one transaction (a batch of decisions), written in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(String type, List<Named> transfers) {
        outbox.publishAll(transfers.stream().map(named -> event(type, named.transfer(), named.agentName())).toList());
    }

    private static OutgoingEvent event(String type, Transfer transfer, String agentName) {
        TransferEvent event = of(transfer);
        return new OutgoingEvent(Topics.ROUTING, transfer.eventKey(), type, transfer.tenantId,
                new TransferEvent(event.transferId(), event.tenantId(), event.conversationId(), event.contactId(),
                        event.botId(), event.teamId(), event.agentId(), event.status(), event.source(), event.reason(),
                        event.notes(), event.occurredAt(), agentName));
    }

    /** {@code bot.handoff}: the conversation left its bot with this new transfer (every handoff, whatever its source). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void handoff(Transfer transfer) {
        outbox.publish(handoffEvent(transfer));
    }

    private static OutgoingEvent handoffEvent(Transfer transfer) {
        TransferEvent created = of(transfer);
        return new OutgoingEvent(Topics.ROUTING, transfer.eventKey(), BotHandoffEvent.TYPE, transfer.tenantId,
                new BotHandoffEvent(transfer.tenantId, transfer.botId, transfer.conversationId, transfer.contactId,
                        transfer.reason, created, created.occurredAt()));
    }

    /**
     * New transfers of one transaction (a batch of handoffs): each one's {@code transfer.created} and
     * {@code bot.handoff}, as {@link #publish} and {@link #handoff} write them, in one statement.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void createdAll(List<Transfer> transfers) {
        List<OutgoingEvent> created = new ArrayList<>(2 * transfers.size());
        for (Transfer transfer : transfers) {
            created.add(event(TransferEvent.CREATED, transfer, null));
            created.add(handoffEvent(transfer));
        }
        outbox.publishAll(created);
    }

    public static TransferEvent of(Transfer transfer) {
        return new TransferEvent(transfer.id, transfer.tenantId, transfer.conversationId, transfer.contactId,
                transfer.botId, transfer.teamId, transfer.agentId, JsonNames.of(transfer.status),
                transfer.source, transfer.reason, transfer.notes, Instant.now());
    }
}
