package dev.parley.llm.service.agentloop;

import dev.parley.llm.config.AgentLoopConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Ends executions that a gateway left queued or running when it stopped (crash, redeploy): their heartbeat goes
 * stale, and at start-up and then periodically any gateway marks them failed, with the reason and the
 * {@code agent_loop.failed} event. Their trace up to the interruption stays.
 */
@ApplicationScoped
public class ExecutionRecovery {

    public static final String REASON = "interrupted by a gateway restart";

    private static final Logger LOG = Logger.getLogger(ExecutionRecovery.class);

    private final ExecutionStore store;
    private final AgentLoopConfig config;

    public ExecutionRecovery(ExecutionStore store, AgentLoopConfig config) {
        this.store = store;
        this.config = config;
    }

    void onStart(@Observes StartupEvent start) {
        recover();
    }

    @Scheduled(every = "30s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        recover();
    }

    /** Fails every abandoned execution; returns how many. */
    public int recover() {
        Instant unconfirmedSince = Instant.now().minus(config.staleAfter());
        int total = 0;
        int batch;
        do {
            batch = store.failAbandoned(unconfirmedSince, REASON);
            total += batch;
        } while (batch == 100);
        if (total > 0) {
            LOG.infof("Ended %d agent loop executions abandoned by a stopped gateway", total);
        }
        return total;
    }
}
