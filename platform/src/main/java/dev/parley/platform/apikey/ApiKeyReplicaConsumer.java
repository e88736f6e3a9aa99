package dev.parley.platform.apikey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.apikey.ApiKeyEvent;
import dev.parley.platform.inbox.IdempotentConsumer;
import dev.parley.platform.kafka.IncomingEvent;
import io.quarkus.arc.properties.UnlessBuildProperty;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the local API key replica in step with bot-service: issued keys appear, revoked keys stop working. */
@ApplicationScoped
@UnlessBuildProperty(name = "parley.api-keys.owner", stringValue = "true", enableIfMissing = true)
public class ApiKeyReplicaConsumer {

    public static final String CHANNEL = "api-keys";
    private static final String CONSUMER = "api-key-replica";

    private final ReplicatedApiKeyRepository keys;
    private final IdempotentConsumer inbox;
    private final ObjectMapper json;
    private final ReplicatedApiKeyDirectory directory;

    public ApiKeyReplicaConsumer(ReplicatedApiKeyRepository keys, IdempotentConsumer inbox, ObjectMapper json,
            ReplicatedApiKeyDirectory directory) {
        this.keys = keys;
        this.inbox = inbox;
        this.json = json;
        this.directory = directory;
    }

    @Incoming(CHANNEL)
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) throws JsonProcessingException {
        IncomingEvent event = IncomingEvent.from(record);
        if (!inbox.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        if (event.isTombstone()) {
            keys.findByIdOptional(event.key()).ifPresent(gone -> directory.forget(gone.hash));
            keys.deleteById(event.key());
            return;
        }
        ApiKeyEvent key = json.readValue(event.data(), ApiKeyEvent.class);
        ReplicatedApiKey replica = keys.findByIdOptional(key.id()).orElseGet(ReplicatedApiKey::new);
        replica.id = key.id();
        replica.tenantId = key.tenantId();
        replica.hash = key.hash();
        replica.scopes = key.scopes();
        replica.plan = key.plan();
        replica.expiresAt = key.expiresAt();
        replica.revokedAt = key.revokedAt();
        keys.persist(replica);
        directory.forget(replica.hash);
    }
}
