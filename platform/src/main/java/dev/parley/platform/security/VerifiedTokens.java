package dev.parley.platform.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Keycloak access tokens whose signature and claims the OIDC extension has verified, kept until they expire, so that a
 * client sending the same token again is not verified again ({@link VerifiedTokenMechanism}). What is kept is the
 * identity as the OIDC extension made it, before any augmentor: every request still runs the augmentors (the tenant a
 * service token names comes from that request's header). A token is verified locally in any case (a JWT cannot be
 * revoked before it expires), so keeping the result changes nothing a caller can observe but the time it takes.
 */
@ApplicationScoped
public class VerifiedTokens implements SecurityIdentityAugmentor {

    /** Tokens kept at most; past it the memory starts over (a token then is verified once more). */
    private static final int KEPT = 5_000;

    private record Verified(SecurityIdentity identity, long expiresAtMillis) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    /** The verified identity of this token, or null if it is not known or has expired. */
    SecurityIdentity identity(String token) {
        Verified known = verified.get(token);
        if (known == null) {
            return null;
        }
        if (System.currentTimeMillis() >= known.expiresAtMillis()) {
            verified.remove(token);
            return null;
        }
        return known.identity();
    }

    /** Runs before every other augmentor: sees the identity just as the OIDC extension verified it. */
    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt
                && identity.getCredential(AccessTokenCredential.class) instanceof AccessTokenCredential credential
                && credential.getToken() != null && jwt.getExpirationTime() > 0
                && !verified.containsKey(credential.getToken())) {
            if (verified.size() >= KEPT) {
                verified.clear();
            }
            verified.put(credential.getToken(), new Verified(identity, jwt.getExpirationTime() * 1000));
        }
        return Uni.createFrom().item(identity);
    }
}
