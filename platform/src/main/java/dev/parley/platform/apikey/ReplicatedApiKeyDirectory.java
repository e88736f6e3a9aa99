package dev.parley.platform.apikey;

import dev.parley.platform.security.ApiKeyDirectory;
import dev.parley.platform.security.ApiKeyPrincipal;
import io.quarkus.arc.properties.UnlessBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.Set;

/** Authenticates API keys in every service but their owner, from the local replica. */
@ApplicationScoped
@UnlessBuildProperty(name = "parley.api-keys.owner", stringValue = "true", enableIfMissing = true)
public class ReplicatedApiKeyDirectory implements ApiKeyDirectory {

    private final ReplicatedApiKeyRepository keys;

    public ReplicatedApiKeyDirectory(ReplicatedApiKeyRepository keys) {
        this.keys = keys;
    }

    @Override
    @Transactional
    public Optional<ApiKeyPrincipal> findByHash(String hash) {
        return keys.findByHash(hash).map(key -> new ApiKeyPrincipal(key.id, key.tenantId, Set.copyOf(key.scopes),
                key.plan, key.expiresAt, key.revokedAt));
    }
}
