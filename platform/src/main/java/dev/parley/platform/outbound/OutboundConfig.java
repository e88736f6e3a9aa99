package dev.parley.platform.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits on every call Parley makes to a URL a tenant supplied. */
@ConfigMapping(prefix = "parley.outbound")
public interface OutboundConfig {

    /** Only for tests and local development against fakes on this machine. */
    @WithDefault("false")
    boolean allowLoopback();

    /** Only where tenants' endpoints legitimately live on a private network (self-hosted installs). */
    @WithDefault("false")
    boolean allowPrivate();

    @WithDefault("5s")
    Duration connectTimeout();

    /** The whole exchange, from connecting to the last byte of the answer. */
    @WithDefault("30s")
    Duration timeout();

    @WithDefault("1048576")
    int maxResponseBytes();

    /**
     * Kept-alive connections per host: many conversations delivering to one channel URL at once each get a
     * connection instead of queueing behind Vert.x's default of 5.
     */
    @WithDefault("64")
    int maxConnectionsPerHost();
}
