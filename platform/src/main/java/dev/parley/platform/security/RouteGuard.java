package dev.parley.platform.security;

import dev.parley.platform.ratelimit.RateLimitFilter;
import dev.parley.platform.ratelimit.RateLimiter;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What the REST layer does before a resource method, for a route that Vert.x serves itself (a hot path kept clear of
 * the REST layer's machinery): the caller authenticated by the same mechanisms ({@code @RolesAllowed}'s 401 and 403),
 * holding the scope, and counted against its API key's rate limit (429, and the {@code RateLimit} headers on the
 * answer, as {@link RateLimitFilter} does). Failures are the problems {@code ProblemMappers} answers.
 */
@ApplicationScoped
public class RouteGuard {

    private final IdentityProviderManager identities;
    private final RateLimiter limiter;

    public RouteGuard(IdentityProviderManager identities, RateLimiter limiter) {
        this.identities = identities;
        this.limiter = limiter;
    }

    /** The caller, once admitted with {@code scope}; completes on the request's event loop. */
    public Future<SecurityIdentity> admit(RoutingContext routing, String scope) {
        Context context = Vertx.currentContext();
        Promise<SecurityIdentity> admitted = Promise.promise();
        QuarkusHttpUser.getSecurityIdentity(routing, identities)
                .flatMap(caller -> {
                    if (caller.isAnonymous()) {
                        throw new UnauthorizedException();
                    }
                    if (!caller.hasRole(scope)) {
                        throw new ForbiddenException();
                    }
                    return limiter.acquire(caller).map(decision -> {
                        if (decision != null) {
                            HttpServerResponse response = routing.response();
                            RateLimitFilter.addHeaders((name, value) -> response.putHeader(name, String.valueOf(value)),
                                    decision);
                            if (!decision.allowed()) {
                                throw RateLimitFilter.tooManyRequests(decision);
                            }
                        }
                        return caller;
                    });
                })
                .subscribe().with(caller -> onContext(context, () -> admitted.complete(caller)),
                        failure -> onContext(context, () -> admitted.fail(failure)));
        return admitted.future();
    }

    /** Identities read on a worker (an API key not in memory) come back to the request's event loop. */
    private static void onContext(Context context, Runnable work) {
        if (context == null || Context.isOnEventLoopThread() && Vertx.currentContext() == context) {
            work.run();
        } else {
            context.runOnContext(ignored -> work.run());
        }
    }
}
