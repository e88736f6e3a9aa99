package dev.parley.bot.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.bot.ApiKey;
import java.time.Instant;
import java.util.Set;

/** An API key as listed; {@code key} (the secret) appears only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyAttributes(String name, String key, String hint, Set<String> scopes, String plan, String status,
        String createdBy, Instant createdAt, Instant expiresAt, Instant revokedAt) {

    static final String TYPE = "api_key";

    static ApiKeyAttributes of(ApiKey key, String secret) {
        String status = key.revokedAt != null ? "revoked"
                : key.expiresAt != null && !key.expiresAt.isAfter(Instant.now()) ? "expired" : "active";
        return new ApiKeyAttributes(key.name, secret, key.hint, key.scopes, key.plan, status, key.createdBy, key.createdAt,
                key.expiresAt, key.revokedAt);
    }
}
