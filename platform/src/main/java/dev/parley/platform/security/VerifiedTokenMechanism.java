package dev.parley.platform.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Answers a bearer token that {@link VerifiedTokens} knows without verifying it again; any other token (and every
 * token the first time) goes on to the OIDC mechanism, which runs after this one. The identity is the one verified,
 * bound to this request, and goes through the augmentors as a freshly verified one would.
 */
@ApplicationScoped
public class VerifiedTokenMechanism implements HttpAuthenticationMechanism {

    private final VerifiedTokens tokens;

    public VerifiedTokenMechanism(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = ApiKeyAuthenticationMechanism.bearer(context);
        SecurityIdentity known = token == null || ApiKeys.looksLikeKey(token) ? null : tokens.identity(token);
        if (known == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new Request(known), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"parley\""));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(Request.class);
    }

    /** After API keys, before the OIDC mechanism. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }

    /** A token verified before, with the identity it was verified as. */
    public static final class Request extends BaseAuthenticationRequest {

        private final SecurityIdentity verified;

        Request(SecurityIdentity verified) {
            this.verified = verified;
        }
    }

    /** The verified identity, bound to the request that presents the token now. */
    @ApplicationScoped
    public static class Provider implements IdentityProvider<Request> {

        @Override
        public Class<Request> getRequestType() {
            return Request.class;
        }

        /**
         * Every attribute that held the request the token was verified on (the OIDC extension keeps it under more than
         * one name) holds this one instead: what the augmentors read of "the request" is this request.
         */
        @Override
        public Uni<SecurityIdentity> authenticate(Request request, AuthenticationRequestContext context) {
            RoutingContext now = HttpSecurityUtils.getRoutingContextAttribute(request);
            QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder(request.verified)
                    .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, now)
                    .addAttribute(RoutingContext.class.getName(), now);
            request.verified.getAttributes().forEach((name, value) -> {
                if (value instanceof RoutingContext) {
                    identity.addAttribute(name, now);
                }
            });
            return Uni.createFrom().item(identity.build());
        }
    }
}
