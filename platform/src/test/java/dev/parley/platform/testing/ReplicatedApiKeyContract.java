package dev.parley.platform.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.events.apikey.ApiKeyEvent;
import dev.parley.platform.id.Ids;
import dev.parley.platform.security.ApiKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.awaitility.Awaitility;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What every service that does not own API keys must do with them: accept a key shortly after bot-service
 * issues it, refuse it within 5 seconds of its revocation, honour its scopes, and apply each key event once.
 * Each such service runs this contract against one of its own protected endpoints, with real Kafka,
 * PostgreSQL and Keycloak.
 */
public abstract class ReplicatedApiKeyContract {

    private static final Logger LOG = Logger.getLogger(ReplicatedApiKeyContract.class);
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);

    @Inject
    protected ObjectMapper json;

    /** A GET endpoint of this service that needs {@link #requiredScope()}. */
    protected abstract String protectedPath();

    protected abstract String requiredScope();

    /** A scope that does not open {@link #protectedPath()}. */
    protected abstract String unrelatedScope();

    /** The call the contract makes: a GET of {@link #protectedPath()} unless the service protects another kind of call. */
    protected Response call(RequestSpecification request) {
        return request.when().get(protectedPath());
    }

    @Test
    void anonymousCallsAreRefusedWithAProblem() {
        call(given())
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer realm=\"parley\"")
                .body("code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void unknownKeysAndForgedTokensAreRefused() {
        call(given().header("Authorization", "Bearer " + ApiKeys.generate()))
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        call(given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"))
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void keycloakUsersOfATenantAreAccepted() {
        call(given().header("Authorization", Keycloak.bearer("alice")))
                .then().statusCode(200);
    }

    @Test
    void anIssuedKeyWorksAndIsRefusedWithinFiveSecondsOfItsRevocation() {
        String secret = ApiKeys.generate();
        ApiKeyEvent issued = key(secret, Set.of(requiredScope()), null);
        publish(issued, ApiKeyEvent.ISSUED, Ids.generate("evt"));
        awaitStatus(secret, 200, Duration.ofSeconds(15));

        ApiKeyEvent revoked = revoked(issued);
        long start = System.nanoTime();
        publish(revoked, ApiKeyEvent.REVOKED, Ids.generate("evt"));
        awaitStatus(secret, 401, REVOCATION_BOUND);
        LOG.infof("revoked key refused after %d ms", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void aKeyWithoutTheScopeIsForbidden() {
        String secret = ApiKeys.generate();
        publish(key(secret, Set.of(unrelatedScope()), null), ApiKeyEvent.ISSUED, Ids.generate("evt"));
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                call(given().header("Authorization", "Bearer " + secret))
                        .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN")));
    }

    @Test
    void aRedeliveredEventTakesEffectOnce() {
        // If the redelivered "issued" event were applied again it would bring the revoked key back to life.
        String secret = ApiKeys.generate();
        ApiKeyEvent issued = key(secret, Set.of(requiredScope()), null);
        String issuedEventId = Ids.generate("evt");
        publish(issued, ApiKeyEvent.ISSUED, issuedEventId);
        awaitStatus(secret, 200, Duration.ofSeconds(15));
        publish(revoked(issued), ApiKeyEvent.REVOKED, Ids.generate("evt"));
        awaitStatus(secret, 401, REVOCATION_BOUND);

        publish(issued, ApiKeyEvent.ISSUED, issuedEventId);
        String marker = ApiKeys.generate();
        publish(key(marker, Set.of(requiredScope()), null), ApiKeyEvent.ISSUED, Ids.generate("evt"));
        awaitStatus(marker, 200, Duration.ofSeconds(15));
        call(given().header("Authorization", "Bearer " + secret)).then().statusCode(401);
    }

    @Test
    void anExpiredKeyIsRefused() {
        String secret = ApiKeys.generate();
        publish(key(secret, Set.of(requiredScope()), Instant.now().minusSeconds(1)), ApiKeyEvent.ISSUED, Ids.generate("evt"));
        String marker = ApiKeys.generate();
        publish(key(marker, Set.of(requiredScope()), null), ApiKeyEvent.ISSUED, Ids.generate("evt"));
        awaitStatus(marker, 200, Duration.ofSeconds(15));
        call(given().header("Authorization", "Bearer " + secret)).then().statusCode(401);
    }

    private static ApiKeyEvent key(String secret, Set<String> scopes, Instant expiresAt) {
        return TestApiKeys.key(secret, scopes, expiresAt);
    }

    private static ApiKeyEvent revoked(ApiKeyEvent key) {
        return TestApiKeys.revoked(key);
    }

    private void publish(ApiKeyEvent key, String type, String eventId) {
        TestApiKeys.publish(json, key, type, eventId);
    }

    private void awaitStatus(String secret, int status, Duration within) {
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(call(given().header("Authorization", "Bearer " + secret))
                        .statusCode()).isEqualTo(status));
    }
}
