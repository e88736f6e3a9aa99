package dev.parley.platform.security;

import java.time.Instant;
import java.util.Set;

/** What a service knows of an API key when it authenticates a request with it. */
public record ApiKeyPrincipal(String id, String tenantId, Set<String> scopes, String plan, Instant expiresAt,
        Instant revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
