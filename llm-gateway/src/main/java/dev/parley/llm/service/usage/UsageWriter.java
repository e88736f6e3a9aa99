package dev.parley.llm.service.usage;

import dev.parley.llm.Usage;
import dev.parley.llm.repository.UsageRepository;
import dev.parley.llm.messaging.GatewayEvents;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Writes usage as a group commit: calls are queued and written in batches (one statement that commits alone, for
 * every call queued while the batch before was written: the rows, each tenant's monthly total and their
 * {@code llm.usage.recorded} events). {@link #enqueue} returns a future that completes once the
 * call's row is committed; a call is answered only then, so a crash of the process loses no answered call's usage.
 * The commit does not wait for the disk (a crash of PostgreSQL's server itself could lose its last ~600 ms of rows):
 * waiting for it put about 3 ms on every call at concurrency 1.
 * Until written, a call's tokens count in {@link #unwritten(String)}, so budget checks in this replica see them at
 * once. Readers that need every call in the database (usage totals) {@link #flush()} first. A batch that fails to
 * write is kept and retried, its futures still pending.
 */
@ApplicationScoped
public class UsageWriter {

    private static final Logger LOG = Logger.getLogger(UsageWriter.class);
    private static final int BATCH = 500;

    /** A call's row and the future completed once it is committed. */
    private record Pending(Usage row, CompletableFuture<Void> written) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    /** Wakes the writer; rows leave the queue only under {@link #writing}, so that {@link #flush()} sees every one. */
    private final Semaphore queued = new Semaphore(0);
    private final Map<String, LongAdder> unwritten = new ConcurrentHashMap<>();
    private final ReentrantLock writing = new ReentrantLock();
    private final UsageRepository usage;
    private final GatewayEvents events;
    private volatile boolean running = true;
    private volatile Consumer<Map<TenantMonth, Long>> afterWrite = written -> { };

    public UsageWriter(UsageRepository usage, GatewayEvents events) {
        this.usage = usage;
        this.events = events;
    }

    void start(@Observes StartupEvent event) {
        // a platform thread: a virtual one's blocking reads of PostgreSQL's answer each cost two more thread wake-ups
        // (the poller's, then a carrier's), which every call waiting for its commit paid
        Thread.ofPlatform().daemon().name("usage-writer").start(this::writeContinuously);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        flush();
    }

    /** Queues the call's row; the future completes once it is committed (after retries, if the database fails). */
    public CompletableFuture<Void> enqueue(Usage row) {
        unwritten.computeIfAbsent(row.tenantId, t -> new LongAdder()).add(row.totalTokens);
        Pending pending = new Pending(row, new CompletableFuture<>());
        queue.add(pending);
        queued.release();
        return pending.written();
    }

    /** Tokens of the tenant's calls still waiting to be written. */
    public long unwritten(String tenantId) {
        LongAdder tokens = unwritten.get(tenantId);
        return tokens == null ? 0 : tokens.sum();
    }

    /** A tenant's calendar month (UTC), as monthly totals are kept. */
    public record TenantMonth(String tenantId, YearMonth month) {
    }

    /**
     * Told the tokens of every batch that reached the database, per tenant and month, before those tokens leave
     * {@link #unwritten(String)} (UsageService moves them into its cached monthly totals).
     */
    void afterWrite(Consumer<Map<TenantMonth, Long>> action) {
        this.afterWrite = action;
    }

    /** Writes everything queued so far, on the calling thread. */
    public void flush() {
        writing.lock();
        try {
            while (!queue.isEmpty()) {
                List<Pending> batch = new ArrayList<>(BATCH);
                queue.drainTo(batch, BATCH);
                writeBatch(batch);
            }
        } finally {
            writing.unlock();
        }
    }

    private void writeContinuously() {
        while (running) {
            try {
                if (queue.isEmpty() && !queued.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
                queued.drainPermits();
                writing.lock();
                try {
                    List<Pending> batch = new ArrayList<>(BATCH);
                    queue.drainTo(batch, BATCH);
                    if (!batch.isEmpty()) {
                        writeBatch(batch);
                    }
                } finally {
                    writing.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("usage batch not written yet, retrying in a second", e);
                sleepASecond();
            }
        }
    }

    /** On failure the batch goes back to the queue (in order) and the exception propagates. */
    private void writeBatch(List<Pending> batch) {
        Map<TenantMonth, Long> written;
        try {
            written = write(batch.stream().map(Pending::row).toList());
        } catch (RuntimeException e) {
            List<Pending> again = new ArrayList<>(batch);
            queue.drainTo(again);
            queue.addAll(again);
            throw e;
        }
        afterWrite.accept(written);
        for (Pending pending : batch) {
            unwritten.get(pending.row().tenantId).add(-pending.row().totalTokens);
            pending.written().complete(null);
        }
    }

    /**
     * Writes the batch in one statement that commits alone (rows, month totals and events: one round trip), outside
     * any transaction of the caller's ({@link #flush()} may be called in one); returns its tokens by tenant-month.
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    Map<TenantMonth, Long> write(List<Usage> batch) {
        Map<TenantMonth, Long> monthly = new HashMap<>();
        for (Usage row : batch) {
            monthly.merge(new TenantMonth(row.tenantId, YearMonth.from(row.createdAt.atZone(ZoneOffset.UTC))),
                    (long) row.totalTokens, Long::sum);
        }
        // the answers wait for this commit, which does not wait for the disk: a flush would cost each call ~3 ms
        usage.insertAll(batch, monthly.entrySet().stream().map(total -> new UsageRepository.MonthTokens(
                total.getKey().tenantId(), total.getKey().month().atDay(1), total.getValue())).toList(),
                events.usageRecorded(batch));
        return monthly;
    }

    private static void sleepASecond() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
