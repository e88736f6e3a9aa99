package dev.parley.events.apikey;

import java.time.Instant;
import java.util.Set;

/**
 * The state of one API key as published on {@link dev.parley.events.Topics#API_KEYS}, keyed by key id.
 * Only the SHA-256 hash of the secret ever leaves bot-service.
 */
public record ApiKeyEvent(
        String id,
        String tenantId,
        String hash,
        Set<String> scopes,
        String plan,
        Instant expiresAt,
        Instant revokedAt) {

    public static final String ISSUED = "api_key.issued";
    public static final String REVOKED = "api_key.revoked";
}
