package dev.parley.platform.apikey;

import dev.parley.platform.cache.Refresher;
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
 * memory (no transaction, no worker thread per request): for {@value #FRESH_MILLIS} ms after it was read, and until
 * {@value #STALE_MILLIS} ms while it is read again in the background (one read per key, not one per request); a key
 * event this replica applies forgets it at once, and another replica's (several instances share the consumer group)
 * within about a second, at most {@value #STALE_MILLIS} ms, so a revoked key stops working within seconds everywhere.
 */
@ApplicationScoped
@UnlessBuildProperty(name = "parley.api-keys.owner", stringValue = "true", enableIfMissing = true)
public class ReplicatedApiKeyDirectory implements ApiKeyDirectory {

    static final long FRESH_MILLIS = 1_000;
    /** Past it, a key is read again on the request's path. */
    static final long STALE_MILLIS = 2_000;
    /** Keys kept at most; past it the memory starts over (a key then costs one more lookup). */
    private static final int KEPT = 20_000;

    private record Read(ApiKeyPrincipal key, long readAt) {
    }

    private final Map<String, Read> recent = new ConcurrentHashMap<>();
    private final Refresher refresher = new Refresher("an API key");
    private final ReplicatedApiKeyRepository keys;

    public ReplicatedApiKeyDirectory(ReplicatedApiKeyRepository keys) {
        this.keys = keys;
    }

    @Override
    public Optional<ApiKeyPrincipal> findByHash(String hash) {
        long now = System.currentTimeMillis();
        Optional<ApiKeyPrincipal> found = read(hash);
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

    @Transactional
    Optional<ApiKeyPrincipal> read(String hash) {
        return keys.findByHash(hash).map(key -> new ApiKeyPrincipal(key.id, key.tenantId, Set.copyOf(key.scopes),
                key.plan, key.expiresAt, key.revokedAt));
    }

    /** Reads a remembered key again; one forgotten meanwhile (a key event) stays forgotten. */
    private void reread(String hash) {
        long now = System.currentTimeMillis();
        Optional<ApiKeyPrincipal> found = read(hash);
        recent.computeIfPresent(hash, (ignored, before) -> found.map(key -> new Read(key, now)).orElse(null));
    }

    @Override
    public ApiKeyPrincipal remembered(String hash) {
        Read read = recent.get(hash);
        long age = read == null ? Long.MAX_VALUE : System.currentTimeMillis() - read.readAt();
        return refresher.serves(hash, age, FRESH_MILLIS, STALE_MILLIS, () -> reread(hash)) ? read.key() : null;
    }

    /** The replica changed this key: the next request reads it again. */
    void forget(String hash) {
        if (hash != null) {
            recent.remove(hash);
        }
    }
}
