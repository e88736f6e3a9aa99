package dev.parley.platform.security;

import java.util.Optional;

/**
 * Finds API keys by the hash of their secret. bot-service answers from the keys it owns; every other
 * service from its replica of {@code parley.api-keys}.
 */
public interface ApiKeyDirectory {

    /** Blocking: may read the database. */
    Optional<ApiKeyPrincipal> findByHash(String hash);

    /**
     * The key as read by a recent {@link #findByHash}, when it may be answered from memory without blocking; null when
     * it has to be looked up (by default, always).
     */
    default ApiKeyPrincipal remembered(String hash) {
        return null;
    }
}
