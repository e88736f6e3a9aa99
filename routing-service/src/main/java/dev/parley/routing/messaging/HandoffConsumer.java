package dev.parley.routing.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.conversation.ConversationEvent;
import dev.parley.events.conversation.HandoffRequested;
import dev.parley.platform.inbox.IdempotentConsumer;
import dev.parley.platform.kafka.IncomingEvent;
import dev.parley.routing.Transfer;
import dev.parley.routing.repository.ConversationDirectory;
import dev.parley.routing.service.TransferService;
import dev.parley.platform.transaction.GroupCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads conversation-service's {@code parley.conversations}: {@code handoff.requested} becomes a transfer, exactly
 * once per event and at most one open transfer per conversation; {@code conversation.started},
 * {@code conversation.closed} and {@code conversation.deleted} keep the {@link ConversationDirectory} (which
 * conversations exist, whose they are), and a close or an erasure ends the conversation's open transfer, exactly once
 * per event, freeing its agent's slot for the queue in the same transaction; other events pass by. The same
 * {@code handoff.requested} from llm-gateway's agent loops arrives on {@code parley.agent-loops} (channel {@value #AGENT_LOOP_CHANNEL}, dead letters to {@code parley.agent-loops.dlq}).
 *
 * <p>Records arrive in batches (what one poll returned), taken concurrently and group-committed: every batch that
 * arrives while the previous transaction runs goes into the next one ({@link GroupCommit}), so a slow commit never
 * lets polls of one record each queue up behind it. A transaction costs a few statements whatever its size: the
 * events' ids in the inbox, the conversations, the transfers, their events, and a batch of decisions per queue they
 * joined ({@link TransferService#createFromHandoffs}), so a handoff into a team with a free agent is assigned when its
 * group commits. A record that cannot be read goes to {@code parley.conversations.dlq} alone (the
 * channel's failure strategy, by its own nack) instead of stopping the queue. If the batch's transaction fails, each
 * record is taken again in a transaction of its own, assigned after it commits, as before batches: one bad record
 * goes to the dead-letter topic, the others are kept.
 */
@ApplicationScoped
public class HandoffConsumer {

    public static final String CHANNEL = "handoffs";
    public static final String AGENT_LOOP_CHANNEL = "agent-loop-handoffs";
    private static final String CONSUMER = "handoff-transfers";
    private static final Logger LOG = Logger.getLogger(HandoffConsumer.class);

    private final TransferService transfers;
    private final ConversationDirectory directory;
    private final IdempotentConsumer inbox;
    private final ObjectMapper json;
    private final GroupCommit<List<Read>, Boolean> group;

    public HandoffConsumer(TransferService transfers, ConversationDirectory directory, IdempotentConsumer inbox,
            ObjectMapper json) {
        this.transfers = transfers;
        this.directory = directory;
        this.inbox = inbox;
        this.json = json;
        this.group = new GroupCommit<>("handoff-group", 64, batches -> {
            List<Read> all = batches.stream().flatMap(List::stream).toList();
            Applied applied = QuarkusTransaction.requiringNew().call(() -> apply(all, true));
            reassessFreed(applied);
            return Collections.nCopies(batches.size(), Boolean.TRUE);
        });
    }

    void start(@Observes StartupEvent event) {
        group.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        group.stop();
    }

    /** A record read: a directory change or a handoff (one of the two). */
    private record Read(KafkaRecord<String, String> record, IncomingEvent event, ConversationEvent conversation,
            HandoffRequested handoff) {
    }

    @Incoming(CHANNEL)
    @Incoming(AGENT_LOOP_CHANNEL)
    @Blocking(ordered = false)
    public CompletionStage<Void> on(KafkaRecordBatch<String, String> batch) {
        List<CompletionStage<Void>> settled = new ArrayList<>();
        List<Read> reads = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                Read read = read(record);
                if (read == null) {
                    settled.add(record.ack());
                } else {
                    reads.add(read);
                }
            } catch (Exception e) {
                settled.add(record.nack(e));
            }
        }
        if (!reads.isEmpty()) {
            try {
                group.submit(reads);
                reads.forEach(read -> settled.add(read.record().ack()));
            } catch (RuntimeException e) {
                LOG.warnf(e, "A batch of %d handoff records failed; taking them one by one", reads.size());
                for (Read read : reads) {
                    settled.add(alone(read));
                }
            }
        }
        return CompletableFuture.allOf(settled.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    /** One record in a transaction of its own, its transfer assigned after it commits; a failure dead-letters it. */
    private CompletionStage<Void> alone(Read read) {
        try {
            Applied applied = QuarkusTransaction.requiringNew().call(() -> apply(List.of(read), false));
            applied.created().forEach(transfer -> transfers.reassessQueue(transfer.tenantId, transfer.teamId));
            reassessFreed(applied);
            return read.record().ack();
        } catch (RuntimeException e) {
            return read.record().nack(e);
        }
    }

    /** What a transaction of records did: the transfers created, and the agents whose freed slot is still free. */
    private record Applied(List<Transfer> created, List<TransferService.FreedSlot> freed) {
    }

    /** After the commit: the queues of each agent whose slot an ended conversation freed and nobody took again. */
    private void reassessFreed(Applied applied) {
        applied.freed().stream().distinct().forEach(slot -> transfers.reassessForAgent(slot.tenantId(), slot.agentId()));
    }

    /**
     * The records' effects, in the caller's transaction. Each event once (the inbox, one statement for the batch): a
     * handoff creates a transfer; a close or an erasure ends the conversation's open transfer, freeing its agent's slot
     * ({@link TransferService#endForConversations}). The directory follows every conversation event (an upsert, or
     * forgetting an erased conversation once the batch's handoffs have named it: harmless again). Transfers are ended
     * before the handoffs are taken, so this transaction waits for another's transfer locks only while it holds no
     * agent; a handoff of the batch for a conversation that ends in it too is ended after it was created (a closed
     * conversation keeps no agent busy).
     */
    private Applied apply(List<Read> reads, boolean assign) {
        List<String> eventIds = new ArrayList<>();
        List<ConversationEvent> erased = new ArrayList<>();
        for (Read read : reads) {
            ConversationEvent c = read.conversation();
            String type = read.event().type();
            if (c == null) {
                eventIds.add(read.event().id());
            } else if (ConversationEvent.DELETED.equals(type)) {
                erased.add(c);
                eventIds.add(read.event().id());
            } else {
                directory.record(c.tenantId(), c.conversationId(), c.contactId(), c.contactName(), c.botId(),
                        c.channelType(), ConversationEvent.STARTED.equals(type), c.startedAt());
                if (ConversationEvent.CLOSED.equals(type)) {
                    eventIds.add(read.event().id());
                }
            }
        }
        Set<String> first = inbox.firstDeliveries(CONSUMER, eventIds);
        Set<String> taken = new HashSet<>();
        List<HandoffRequested> handoffs = new ArrayList<>();
        Map<String, TransferService.EndedConversation> ended = new TreeMap<>();
        for (Read read : reads) {
            // each event once, even when the batch holds it twice (a redelivery)
            if (!first.contains(read.event().id()) || !taken.add(read.event().id())) {
                continue;
            }
            if (read.handoff() != null) {
                handoffs.add(read.handoff());
            } else {
                ConversationEvent c = read.conversation();
                ended.put(c.tenantId() + "/" + c.conversationId(),
                        new TransferService.EndedConversation(c.tenantId(), c.conversationId()));
            }
        }
        List<TransferService.FreedSlot> freed = new ArrayList<>();
        if (!ended.isEmpty()) {
            freed.addAll(transfers.endForConversations(List.copyOf(ended.values())));
        }
        List<Transfer> created = handoffs.isEmpty() ? List.of() : transfers.createFromHandoffs(handoffs, assign);
        List<TransferService.EndedConversation> endedAgain = created.stream()
                .map(t -> ended.get(t.tenantId + "/" + t.conversationId)).filter(Objects::nonNull).toList();
        if (!endedAgain.isEmpty()) {
            freed.addAll(transfers.endForConversations(endedAgain));
        }
        erased.forEach(c -> directory.forget(c.tenantId(), c.conversationId()));
        return new Applied(created, freed);
    }

    /** What the record says, or null when it is nothing for routing; throws when it cannot be read. */
    private Read read(KafkaRecord<String, String> record) throws Exception {
        IncomingEvent event = IncomingEvent.from(record);
        if (event.isTombstone()) {
            return null;
        }
        if (ConversationEvent.STARTED.equals(event.type()) || ConversationEvent.CLOSED.equals(event.type())
                || ConversationEvent.DELETED.equals(event.type())) {
            ConversationEvent conversation = json.readValue(event.data(), ConversationEvent.class);
            if (conversation.tenantId() == null || conversation.conversationId() == null) {
                throw new IllegalArgumentException(event.type() + " " + event.id() + " names no tenant or no conversation");
            }
            return new Read(record, event, conversation, null);
        }
        if (!HandoffRequested.TYPE.equals(event.type())) {
            return null;
        }
        HandoffRequested handoff = json.readValue(event.data(), HandoffRequested.class);
        if (handoff.tenantId() == null || (handoff.conversationId() == null && handoff.contactId() == null)) {
            throw new IllegalArgumentException("handoff.requested " + event.id() + " names no tenant or no conversation");
        }
        if (event.tenantId() != null && !event.tenantId().equals(handoff.tenantId())) {
            throw new IllegalArgumentException("handoff.requested " + event.id() + " disagrees with its tenant header");
        }
        return new Read(record, event, null, handoff);
    }
}
