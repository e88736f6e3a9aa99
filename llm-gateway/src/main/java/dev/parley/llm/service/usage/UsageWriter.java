package dev.parley.llm.service.usage;

import dev.parley.llm.Usage;
import dev.parley.llm.messaging.GatewayEvents;
import dev.parley.llm.repository.UsageRepository;
import io.netty.channel.EventLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.PersistenceException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Writes usage as a group commit on the event loops: a call's row is written by the event loop the call ran on, on
 * that event loop's own PostgreSQL connection (a non-blocking one), in one statement that commits alone with every
 * row its event loop queued while the statement before was in flight (the rows, each tenant's monthly total and their
 * {@code llm.usage.recorded} events). No other thread is woken on the way: the event loop sends the statement and
 * reads its answer as it reads the provider's. {@link #enqueue} returns a future that completes once the call's row
 * is committed; a call is answered only then, so a crash of the process loses no answered call's usage. The commit
 * does not wait for the disk (a crash of PostgreSQL's server itself could lose its last ~600 ms of rows): waiting for
 * it put about 3 ms on every call at concurrency 1.
 * Until written, a call's tokens count in {@link #unwritten(String)}, so budget checks in this replica see them at
 * once. Readers that need every call in the database (usage totals) {@link #flush()} first. A batch that fails to
 * write is kept and tried again a second later, its futures still pending.
 */
@ApplicationScoped
public class UsageWriter {

    private static final Logger LOG = Logger.getLogger(UsageWriter.class);
    private static final int BATCH = 500;
    private static final long RETRY_MILLIS = 1_000;
    /** A batch not answered in this long has lost its connection unnoticed: the connection is closed, the batch retried. */
    private static final long STATEMENT_PATIENCE_MILLIS = 30_000;
    /** How long {@link #flush()} waits for rows queued before it to be written. */
    private static final long FLUSH_PATIENCE_SECONDS = 10;

    /** A call's row and the future completed once it is committed. */
    private record Pending(Usage row, CompletableFuture<Void> written) {
    }

    private final Map<String, LongAdder> unwritten = new ConcurrentHashMap<>();
    private final Map<EventLoop, Lane> lanes = new ConcurrentHashMap<>();
    private final UsageRepository usage;
    private final GatewayEvents events;
    private final Vertx vertx;
    private final PgConnectOptions database;
    /** The lane of rows queued off the event loops (a worker's call), made at start. */
    private volatile Lane offLoop;
    private volatile Consumer<Map<TenantMonth, Long>> afterWrite = written -> { };

    public UsageWriter(UsageRepository usage, GatewayEvents events, Vertx vertx,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.usage = usage;
        this.events = events;
        this.vertx = vertx;
        this.database = connectOptions(jdbcUrl);
        user.ifPresent(database::setUser);
        password.ifPresent(database::setPassword);
    }

    /**
     * The non-blocking connections' settings, from the datasource's JDBC URL, so both kinds of connection reach the
     * same database and schema: host, port and database as written, {@code currentSchema} as the connection's
     * {@code search_path}, {@code sslmode} as is; other JDBC parameters (the driver's own tuning) do not apply.
     */
    static PgConnectOptions connectOptions(String jdbcUrl) {
        URI url = URI.create(jdbcUrl.replaceFirst("^jdbc:", ""));
        PgConnectOptions options = PgConnectOptions.fromUri(url.getScheme() + "://" + url.getRawAuthority()
                        + (url.getRawPath() == null ? "" : url.getRawPath()))
                .setCachePreparedStatements(true)
                .setTcpKeepAlive(true)
                .setConnectTimeout(5_000);
        if (url.getRawQuery() != null) {
            for (String parameter : url.getRawQuery().split("&")) {
                String[] pair = parameter.split("=", 2);
                String value = pair.length < 2 ? "" : URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
                switch (pair[0]) {
                    case "currentSchema" -> options.addProperty("search_path", value);
                    case "sslmode" -> options.setSslMode(SslMode.of(value));
                    default -> { }
                }
            }
        }
        return options;
    }

    void start(@Observes StartupEvent event) {
        offLoop = lane((ContextInternal) vertx.getOrCreateContext());
    }

    void stop(@Observes ShutdownEvent event) {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("usage queued at shutdown not written", e);
        }
    }

    /** Queues the call's row; the future completes once it is committed (after retries, if the database fails). */
    public CompletableFuture<Void> enqueue(Usage row) {
        unwritten.computeIfAbsent(row.tenantId, t -> new LongAdder()).add(row.totalTokens);
        Pending pending = new Pending(row, new CompletableFuture<>());
        Context current = Vertx.currentContext();
        Lane lane = current != null && current.isEventLoopContext() && Context.isOnEventLoopThread()
                ? lane((ContextInternal) current) : offLoop;
        lane.context.runOnContext(queued -> lane.add(pending));
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

    /**
     * Returns once every row queued before it is written, writing at once what waits for a retry; throws if a write
     * fails meanwhile (the rows stay queued) or takes longer than {@value #FLUSH_PATIENCE_SECONDS} s. Blocks: call it
     * from a worker thread.
     */
    public void flush() {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("flush() waits for the database: call it off the event loops");
        }
        List<Future<Void>> flushed = lanes.values().stream().map(Lane::flush).toList();
        try {
            Future.all(flushed).toCompletionStage().toCompletableFuture().get(FLUSH_PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new PersistenceException("usage not written yet", e.getCause());
        } catch (TimeoutException e) {
            throw new PersistenceException("usage not written within " + FLUSH_PATIENCE_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted while usage was written", e);
        }
    }

    /**
     * Returns once every row queued before it has joined its lane's queue (each lane's event loop has taken the rows
     * handed to it): what the lane's next batch will hold, for tests that arrange a batch.
     */
    void awaitQueued() throws Exception {
        Future.all(lanes.values().stream().map(lane -> {
            Promise<Void> reached = Promise.promise();
            lane.context.runOnContext(now -> reached.complete());
            return reached.future();
        }).toList()).toCompletionStage().toCompletableFuture().get(FLUSH_PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    private Lane lane(ContextInternal context) {
        return lanes.computeIfAbsent(context.nettyEventLoop(), loop -> new Lane(context.unwrap()));
    }

    /**
     * One event loop's rows: written in order, a batch at a time, on the event loop's own connection. Touched only on
     * that event loop, so nothing in it is shared.
     */
    private final class Lane {

        /** A flush waiting for the rows queued up to {@code upTo}. */
        private record Flush(long upTo, Promise<Void> done) {
        }

        private final ContextInternal context;
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private final List<Flush> flushes = new ArrayList<>();
        private PgConnection connection;
        /** Rows queued and rows written so far, counted: a flush is done once {@code written} reaches its mark. */
        private long queued;
        private long written;
        /** A batch is in flight, or a failed one waits for its retry ({@code retry} is its timer). */
        private boolean busy;
        private long retry = -1;

        Lane(ContextInternal context) {
            this.context = context;
        }

        void add(Pending pending) {
            waiting.add(pending);
            queued++;
            if (!busy) {
                writeNext();
            }
        }

        Future<Void> flush() {
            Promise<Void> done = Promise.promise();
            context.runOnContext(now -> {
                if (written == queued) {
                    done.complete();
                    return;
                }
                flushes.add(new Flush(queued, done));
                if (retry >= 0 && vertx.cancelTimer(retry)) {
                    retry = -1;
                    writeNext();
                }
            });
            return done.future();
        }

        private void writeNext() {
            if (waiting.isEmpty()) {
                busy = false;
                return;
            }
            busy = true;
            List<Pending> batch = new ArrayList<>(Math.min(BATCH, waiting.size()));
            while (batch.size() < BATCH && !waiting.isEmpty()) {
                batch.add(waiting.poll());
            }
            List<Usage> rows = batch.stream().map(Pending::row).toList();
            Map<TenantMonth, Long> monthly = monthly(rows);
            long watchdog = vertx.setTimer(STATEMENT_PATIENCE_MILLIS, late -> {
                if (connection != null) {
                    connection.close(); // fails the batch, which is then retried on a new connection
                }
            });
            connection().compose(open -> usage.insertAll(open, rows, monthly.entrySet().stream().map(total ->
                            new UsageRepository.MonthTokens(total.getKey().tenantId(), total.getKey().month().atDay(1),
                                    total.getValue())).toList(), events.usageRecorded(rows)))
                    .onComplete(done -> {
                        vertx.cancelTimer(watchdog);
                        if (done.succeeded()) {
                            committed(batch, monthly);
                            writeNext();
                        } else {
                            failed(batch, done.cause());
                        }
                    });
        }

        private void committed(List<Pending> batch, Map<TenantMonth, Long> monthly) {
            afterWrite.accept(monthly);
            for (Pending pending : batch) {
                unwritten.get(pending.row().tenantId).add(-pending.row().totalTokens);
                pending.written().complete(null);
            }
            written += batch.size();
            for (Iterator<Flush> it = flushes.iterator(); it.hasNext(); ) {
                Flush flush = it.next();
                if (written >= flush.upTo()) {
                    flush.done().complete();
                    it.remove();
                }
            }
        }

        /** The batch goes back to the front of the queue, in order, and is tried again a second later. */
        private void failed(List<Pending> batch, Throwable cause) {
            LOG.warn("usage batch not written yet, retrying in a second", cause);
            for (int i = batch.size() - 1; i >= 0; i--) {
                waiting.addFirst(batch.get(i));
            }
            flushes.forEach(flush -> flush.done().fail(cause));
            flushes.clear();
            if (connection != null) {
                connection.close();
                connection = null;
            }
            retry = vertx.setTimer(RETRY_MILLIS, again -> {
                retry = -1;
                writeNext();
            });
        }

        /** The event loop's connection, opened on its first batch and again after one failed. */
        private Future<PgConnection> connection() {
            if (connection != null) {
                return Future.succeededFuture(connection);
            }
            return PgConnection.connect(vertx, database).onSuccess(opened -> {
                connection = opened;
                opened.closeHandler(closed -> {
                    if (connection == opened) {
                        connection = null;
                    }
                });
            });
        }
    }

    /** The batch's tokens by tenant and UTC month of each call's end. */
    private static Map<TenantMonth, Long> monthly(List<Usage> rows) {
        Map<TenantMonth, Long> monthly = new HashMap<>();
        for (Usage row : rows) {
            monthly.merge(new TenantMonth(row.tenantId, YearMonth.from(row.createdAt.atZone(ZoneOffset.UTC))),
                    (long) row.totalTokens, Long::sum);
        }
        return monthly;
    }
}
