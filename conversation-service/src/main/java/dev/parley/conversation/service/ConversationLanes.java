package dev.parley.conversation.service;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Work on one conversation runs one task after the other, in submission order; different conversations run in
 * parallel (virtual threads, so a slow model or channel holds up only its own conversation). Across replicas the
 * conversation's row lock keeps the same order.
 */
@ApplicationScoped
public class ConversationLanes {

    private static final Logger LOG = Logger.getLogger(ConversationLanes.class);

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    public CompletableFuture<Void> submit(String conversationId, Runnable task) {
        CompletableFuture<Void> next = tails.compute(conversationId, (id, tail) ->
                (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                        .thenRunAsync(() -> run(id, task), executor));
        next.whenComplete((ok, error) -> tails.remove(conversationId, next));
        return next;
    }

    private static void run(String conversationId, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Work on conversation %s failed; the recovery sweep retries it", conversationId);
        }
    }

    @PreDestroy
    void close() {
        executor.shutdown();
    }
}
