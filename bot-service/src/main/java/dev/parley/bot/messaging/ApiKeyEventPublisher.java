package dev.parley.bot.messaging;

import dev.parley.bot.ApiKey;
import dev.parley.events.Topics;
import dev.parley.events.apikey.ApiKeyEvent;
import dev.parley.platform.outbox.Outbox;
import dev.parley.platform.outbox.OutgoingEvent;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishes the current state of a key on the compacted {@code parley.api-keys} topic. */
@ApplicationScoped
public class ApiKeyEventPublisher {

    private final Outbox outbox;

    public ApiKeyEventPublisher(Outbox outbox) {
        this.outbox = outbox;
    }

    public void publish(ApiKey key) {
        String type = key.revokedAt == null ? ApiKeyEvent.ISSUED : ApiKeyEvent.REVOKED;
        outbox.publish(new OutgoingEvent(Topics.API_KEYS, key.id, type, key.tenantId,
                new ApiKeyEvent(key.id, key.tenantId, key.hash, key.scopes, key.plan, key.expiresAt, key.revokedAt)));
    }
}
