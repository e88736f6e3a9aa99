package dev.parley.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** How automatic assignment takes its decisions. */
@ConfigMapping(prefix = "parley.routing.assignment")
public interface AssignmentConfig {

    /**
     * Decisions taken in one transaction on one queue: fewer commits and round trips per decision when a backlog
     * drains; each is still guarded row by row. Larger batches hold the chosen agents' locks longer (other replicas
     * skip them meanwhile).
     */
    @WithDefault("50")
    @Min(1)
    @Max(1000)
    int batchSize();
}
