package dev.parley.routing.service;

import dev.parley.events.Topics;
import dev.parley.events.routing.TransferEvent;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import dev.parley.platform.rest.RequestValues;
import dev.parley.routing.Transfer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/** Publishes a transfer's changes on {@code parley.routing}, keyed by conversation, in the changing transaction. */
@ApplicationScoped
public class TransferEvents {

    private final Outbox outbox;

    public TransferEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String type, Transfer transfer) {
        outbox.publish(new OutgoingEvent(Topics.ROUTING, transfer.eventKey(), type, transfer.tenantId, of(transfer)));
    }

    public static TransferEvent of(Transfer transfer) {
        return new TransferEvent(transfer.id, transfer.tenantId, transfer.conversationId, transfer.contactId,
                transfer.botId, transfer.teamId, transfer.agentId, RequestValues.jsonName(transfer.status),
                transfer.source, transfer.reason, transfer.notes, Instant.now());
    }
}
