package dev.parley.platform.ratelimit;

import dev.parley.platform.problem.Problem;
import dev.parley.platform.security.CallerAttributes;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    public Uni<Response> limit(ContainerRequestContext request, RoutingContext routing) {
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().flatMap(identity -> {
            String keyId = identity.getAttribute(CallerAttributes.API_KEY_ID);
            if (keyId == null) {
                return Uni.createFrom().nullItem();
            }
            return limiter.acquire(keyId, plan(identity)).map(decision -> {
                request.setProperty(DECISION, decision);
                routing.put(DECISION, decision);
                return decision.allowed() ? null : tooManyRequests(decision);
            });
        });
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof RateLimitDecision decision) {
            addHeaders(response.getHeaders(), decision);
        }
    }

    /**
     * The headers of this request's decision (none without one), for answers that response filters do not see:
     * those streamed from a {@code Multi}.
     */
    public static Map<String, List<String>> headers(RoutingContext routing) {
        if (!(routing.get(DECISION) instanceof RateLimitDecision decision)) {
            return Map.of();
        }
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        addHeaders(headers, decision);
        Map<String, List<String>> strings = new HashMap<>();
        headers.forEach((name, values) -> strings.put(name, values.stream().map(String::valueOf).toList()));
        return strings;
    }

    private static String plan(SecurityIdentity identity) {
        return identity.getAttribute(CallerAttributes.PLAN);
    }

    private static Response tooManyRequests(RateLimitDecision decision) {
        Problem problem = Problem.of(429, "RATE_LIMIT_EXCEEDED", "Too many requests",
                "This API key may make " + decision.limit() + " requests per " + decision.windowSeconds()
                        + " seconds; retry in " + decision.resetSeconds() + " seconds.",
                List.of());
        return Response.status(429).type(Problem.MEDIA_TYPE).entity(problem)
                .header("Retry-After", decision.resetSeconds())
                .build();
    }

    static void addHeaders(MultivaluedMap<String, Object> headers, RateLimitDecision d) {
        headers.putSingle("RateLimit-Policy", d.limit() + ";w=" + d.windowSeconds());
        headers.putSingle("RateLimit", "limit=" + d.limit() + ", remaining=" + d.remaining() + ", reset=" + d.resetSeconds());
        headers.putSingle("RateLimit-Limit", d.limit());
        headers.putSingle("RateLimit-Remaining", d.remaining());
        headers.putSingle("RateLimit-Reset", d.resetSeconds());
    }
}
