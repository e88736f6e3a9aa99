package dev.parley.platform.ratelimit;

import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.problem.ProblemMappers;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Counts every API request made with an API key against its plan's limit and answers 429
 * {@code RATE_LIMIT_EXCEEDED} past it. Every answer carries the IETF {@code RateLimit} headers.
 */
public class RateLimitFilter {

    private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    private final CurrentIdentityAssociation identities;
    private final RateLimiter limiter;
    private final RateLimitConfig config;

    public RateLimitFilter(CurrentIdentityAssociation identities, RateLimiter limiter, RateLimitConfig config) {
        this.identities = identities;
        this.limiter = limiter;
        this.config = config;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().flatMap(limiter::acquire).map(decision -> {
            if (decision == null) {
                return null;
            }
            request.setProperty(DECISION, decision);
            return decision.allowed() ? null : ProblemMappers.answer(tooManyRequests(decision));
        });
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimitDecision decision) {
            addHeaders(response.getHeaders()::putSingle, decision);
        }
    }

    /** The problem of a request past its limit, with its {@code Retry-After}. */
    public static ProblemException tooManyRequests(RateLimitDecision decision) {
        return new ProblemException(429, "RATE_LIMIT_EXCEEDED", "Too many requests",
                "This API key may make " + decision.limit() + " requests per " + decision.windowSeconds()
                        + " seconds; retry in " + decision.resetSeconds() + " seconds.",
                List.of(), Map.of("Retry-After", Long.toString(decision.resetSeconds())));
    }

    /** The IETF {@code RateLimit} headers of a decision. */
    public static void addHeaders(BiConsumer<String, Object> headers, RateLimitDecision d) {
        headers.accept("RateLimit-Policy", d.limit() + ";w=" + d.windowSeconds());
        headers.accept("RateLimit", "limit=" + d.limit() + ", remaining=" + d.remaining() + ", reset=" + d.resetSeconds());
        headers.accept("RateLimit-Limit", d.limit());
        headers.accept("RateLimit-Remaining", d.remaining());
        headers.accept("RateLimit-Reset", d.resetSeconds());
    }
}
