package dev.parley.bot.service.tenant;

import dev.parley.bot.repository.ApiKeyRepository;
import dev.parley.platform.security.ApiKeyDirectory;
import dev.parley.platform.security.ApiKeyPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.Set;

/** bot-service owns the keys, so it authenticates them from its own table: a revocation applies at once here. */
@ApplicationScoped
public class OwnedApiKeyDirectory implements ApiKeyDirectory {

    private final ApiKeyRepository keys;

    public OwnedApiKeyDirectory(ApiKeyRepository keys) {
        this.keys = keys;
    }

    @Override
    @Transactional
    public Optional<ApiKeyPrincipal> findByHash(String hash) {
        return keys.findByHash(hash).map(key -> new ApiKeyPrincipal(key.id, key.tenantId, Set.copyOf(key.scopes), key.plan,
                key.expiresAt, key.revokedAt));
    }
}
