package dev.parley.platform.cache;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Re-reads what a request path keeps in memory on a worker thread, one read per key at a time, while the requests go on
 * with what was read before: an entry whose freshness has just run out costs one database read in the background
 * instead of a worker hop (and a read) for every request that finds it stale. Callers bound how stale an entry may
 * be used and read it on the request's path past that bound.
 */
public final class Refresher {

    private static final Logger LOG = Logger.getLogger(Refresher.class);

    private final Set<Object> reading = ConcurrentHashMap.newKeySet();
    private final String what;

    public Refresher(String what) {
        this.what = what;
    }

    /**
     * Whether what was read {@code ageMillis} ago may serve a request: within {@code freshMillis} it may; up to
     * {@code staleMillis} it may while {@code read} runs in the background ({@link #refresh}); past that it may not,
     * and the caller reads it on the request's path.
     */
    public boolean serves(Object key, long ageMillis, long freshMillis, long staleMillis, Runnable read) {
        if (ageMillis >= staleMillis) {
            return false;
        }
        if (ageMillis >= freshMillis) {
            refresh(key, read);
        }
        return true;
    }

    /** Runs {@code read} on a worker unless a read of {@code key} is under way. */
    public void refresh(Object key, Runnable read) {
        if (!reading.add(key)) {
            return;
        }
        try {
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                try {
                    read.run();
                } catch (RuntimeException e) {
                    LOG.debugf("Refreshing %s failed: %s", what, e.getMessage());
                } finally {
                    reading.remove(key);
                }
            });
        } catch (RuntimeException e) {
            reading.remove(key);
            LOG.debugf("Refreshing %s not started: %s", what, e.getMessage());
        }
    }
}
