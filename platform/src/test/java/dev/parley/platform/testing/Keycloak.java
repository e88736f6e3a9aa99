package dev.parley.platform.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens of the demo users from a real Keycloak (realm {@code parley}). */
public final class Keycloak {

    /** The realm the service under test trusts (infra/parley-infra's Keycloak, or a Dev Services container). */
    static String tokenUrl() {
        String realm = ConfigProvider.getConfig().getOptionalValue("quarkus.oidc.auth-server-url", String.class)
                .orElse("http://127.0.0.1:8180/realms/parley");
        return realm + "/protocol/openid-connect/token";
    }

    /** Every demo user's password (see infra/keycloak/parley-realm.json). */
    private static final String PASSWORD = "parley";
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    /** A token of a demo user: alice (acme admin), dave (acme developer), agnes (acme agent), bob (globex admin). */
    public static String token(String user) {
        return TOKENS.computeIfAbsent(user, Keycloak::freshToken);
    }

    /** A new token of a demo user, for a run longer than a cached token lives (the realm's 15 minutes). */
    public static String freshToken(String user) {
        return given()
                .formParam("grant_type", "password")
                .formParam("client_id", "parley-cli")
                .formParam("username", user)
                .formParam("password", PASSWORD)
                .post(tokenUrl())
                .then().statusCode(200)
                .extract().path("access_token");
    }

    public static String bearer(String user) {
        return "Bearer " + token(user);
    }

    /** A Parley service's own token (client credentials of {@code bot-service}, {@code conversation-service}, ...). */
    public static String serviceBearer(String clientId) {
        return "Bearer " + TOKENS.computeIfAbsent("client:" + clientId, c -> given()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", clientId + "-secret")
                .post(tokenUrl())
                .then().statusCode(200)
                .extract().path("access_token"));
    }

    private Keycloak() {
    }
}
