package dev.parley.conversation.service;

import dev.parley.conversation.repository.MessageRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Records replies as sent once their channel accepted them, by group commit: every reply accepted while the previous
 * commit ran is marked in the next one (one statement, one commit for all of them), and each caller returns once its
 * mark is committed. The window between a channel's answer and Parley knowing it sent the reply is one local commit,
 * however many conversations are delivering at once.
 */
@ApplicationScoped
public class SentRecorder {

    private static final Logger LOG = Logger.getLogger(SentRecorder.class);
    private static final int MAX_BATCH = 512;

    private record Mark(String messageId, String platformId, CompletableFuture<Void> done) {
    }

    private final MessageRepository messages;
    private final LinkedBlockingQueue<Mark> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread worker;

    public SentRecorder(MessageRepository messages) {
        this.messages = messages;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        worker = Thread.ofPlatform().name("sent-recorder").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.join(5_000);
        }
    }

    /**
     * Marks the reply sent (with the platform's id for it, if any) and returns once that is committed; throws when it
     * could not be recorded.
     */
    public void record(String messageId, String platformId) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Mark(messageId, platformId, done));
        try {
            done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void run() {
        List<Mark> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Mark first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
                batch.forEach(m -> m.done().complete(null));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(m -> m.done().completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                LOG.warnf("Recording %d sent replies failed: %s", batch.size(), e.getMessage());
                batch.forEach(m -> m.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void commit(List<Mark> batch) {
        List<String> ids = batch.stream().map(Mark::messageId).toList();
        List<String> platformIds = batch.stream().map(Mark::platformId).toList();
        QuarkusTransaction.requiringNew().run(() -> messages.markSent(ids, platformIds));
    }
}
