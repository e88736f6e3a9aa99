package dev.parley.platform.security;

import java.util.Optional;

/**
 * Finds API keys by the hash of their secret. bot-service answers from the keys it owns; every other
 * service from its replica of {@code parley.api-keys}.
 */
public interface ApiKeyDirectory {

    Optional<ApiKeyPrincipal> findByHash(String hash);
}
