package dev.parley.platform.apikey;

import dev.parley.platform.security.ApiKeyDirectory;
import dev.parley.platform.security.ApiKeyPrincipal;
import io.quarkus.arc.properties.UnlessBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authenticates API keys in every service but their owner, from the local replica. A key found is answered from
 * memory for {@value #FRESH_MILLIS} ms after it was read (no transaction, no worker thread per request); a key event
 * this replica applies forgets it at once, and another replica's (several instances share the consumer group) within
 * that time, so a revoked key stops working within about a second everywhere.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "parley.api-keys.owner", stringValue = "true", enableIfMissing = true)
public class ReplicatedApiKeyDirectory implements ApiKeyDirectory {

    static final long FRESH_MILLIS = 1_000;
    /** Keys kept at most; past it the memory starts over (a key then costs one more lookup). */
    private static final int KEPT = 20_000;

    private record Read(ApiKeyPrincipal key, long readAt) {
    }

    private final Map<String, Read> recent = new ConcurrentHashMap<>();
    private final ReplicatedApiKeyRepository keys;

    public ReplicatedApiKeyDirectory(ReplicatedApiKeyRepository keys) {
        this.keys = keys;
    }

    @Override
    @Transactional
    public Optional<ApiKeyPrincipal> findByHash(String hash) {
        long now = System.currentTimeMillis();
        Optional<ApiKeyPrincipal> found = keys.findByHash(hash).map(key -> new ApiKeyPrincipal(key.id, key.tenantId,
                Set.copyOf(key.scopes), key.plan, key.expiresAt, key.revokedAt));
        if (found.isPresent()) {
            if (recent.size() >= KEPT) {
                recent.clear();
            }
            recent.put(hash, new Read(found.get(), now));
        } else {
            recent.remove(hash);
        }
        return found;
    }

    @Override
    public ApiKeyPrincipal remembered(String hash) {
        Read read = recent.get(hash);
        return read != null && System.currentTimeMillis() - read.readAt() < FRESH_MILLIS ? read.key() : null;
    }

    /** The replica changed this key: the next request reads it again. */
    void forget(String hash) {
        if (hash != null) {
            recent.remove(hash);
        }
    }
}
