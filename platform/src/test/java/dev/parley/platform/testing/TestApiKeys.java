package dev.parley.platform.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.Topics;
import dev.parley.events.apikey.ApiKeyEvent;
import dev.parley.platform.id.Ids;
import dev.parley.platform.security.ApiKeys;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** API keys for tests of services that do not own keys: published on Kafka exactly as bot-service's relay does. */
public final class TestApiKeys {

    /** The event for a new key of tenant Acme (plan pro) with {@code secret}. */
    public static ApiKeyEvent key(String secret, Set<String> scopes, Instant expiresAt) {
        return new ApiKeyEvent(Ids.generate("key"), "tnt_acme", ApiKeys.hash(secret), scopes, "pro", expiresAt, null);
    }

    public static ApiKeyEvent revoked(ApiKeyEvent key) {
        return new ApiKeyEvent(key.id(), key.tenantId(), key.hash(), key.scopes(), key.plan(), key.expiresAt(), Instant.now());
    }

    /** Issues a new key with {@code scopes} and returns its secret; the service sees it once its consumer catches up. */
    public static String issue(ObjectMapper json, Set<String> scopes) {
        String secret = ApiKeys.generate();
        publish(json, key(secret, scopes, null), ApiKeyEvent.ISSUED, Ids.generate("evt"));
        return secret;
    }

    public static void publish(ObjectMapper json, ApiKeyEvent key, String type, String eventId) {
        try {
            KafkaProbe.send(Topics.API_KEYS, key.id(), json.writeValueAsString(key), Map.of(
                    CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0,
                    CloudEventHeaders.ID, eventId,
                    CloudEventHeaders.SOURCE, "/parley/bot-service",
                    CloudEventHeaders.TYPE, type,
                    CloudEventHeaders.TENANT_ID, key.tenantId(),
                    CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private TestApiKeys() {
    }
}
