package dev.parley.platform.apikey;

import io.quarkus.arc.properties.UnlessBuildProperty;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
@UnlessBuildProperty(name = "parley.api-keys.owner", stringValue = "true", enableIfMissing = true)
public class ReplicatedApiKeyRepository implements PanacheRepositoryBase<ReplicatedApiKey, String> {

    public Optional<ReplicatedApiKey> findByHash(String hash) {
        return find("hash", hash).firstResultOptional();
    }
}
