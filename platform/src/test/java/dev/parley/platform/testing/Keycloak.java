package dev.parley.platform.testing;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens from the real Keycloak that infra/parley-infra runs (realm {@code parley}). */
public final class Keycloak {

    public static final String TOKEN_URL = System.getProperty("parley.keycloak.token-url",
            "http://127.0.0.1:8180/realms/parley/protocol/openid-connect/token");
    /** Every demo user's password (see infra/keycloak/parley-realm.json). */
    private static final String PASSWORD = "parley";
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    /** A token of a demo user: alice (acme admin), dave (acme developer), agnes (acme agent), bob (globex admin). */
    public static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> given()
                .formParam("grant_type", "password")
                .formParam("client_id", "parley-cli")
                .formParam("username", u)
                .formParam("password", PASSWORD)
                .post(TOKEN_URL)
                .then().statusCode(200)
                .extract().path("access_token"));
    }

    public static String bearer(String user) {
        return "Bearer " + token(user);
    }

    private Keycloak() {
    }
}
