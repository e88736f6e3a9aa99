package dev.parley.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How automatic assignment takes its decisions. */
@ConfigMapping(prefix = "parley.routing.assignment")
public interface AssignmentConfig {

    /**
     * Decisions taken in one transaction on one queue, by the same few statements whatever their number: fewer
     * commits and statements per decision when a backlog drains. Larger batches hold the chosen agents' locks longer
     * (other replicas skip them meanwhile). Written into the statement, so PostgreSQL plans for that many rows.
     */
    @WithDefault("100")
    @Min(1)
    @Max(1000)
    int batchSize();

    /**
     * Decisions per second a replica's backlog drains take at most (what follows the first batch of a reassessment
     * after an agent gains room, or of the timer's), so that a backlog draining does not take the cores from live
     * traffic: handoffs are assigned in their own transaction and a freed slot in the one that frees it, unpaced.
     * 0: drains unpaced.
     */
    @WithDefault("1200")
    @Min(0)
    int drainRate();
}
