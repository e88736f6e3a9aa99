package dev.parley.routing.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TeamResourceTest {

    @Test
    void createsATeamThatOnlyItsTenantSees() {
        String name = "Support " + UUID.randomUUID();
        String id = given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body("{\"name\": \"" + name + "\"}")
                .when().post("/v1/teams")
                .then().statusCode(201)
                .header("Location", containsString("/v1/teams/team_"))
                .body("data.id", startsWith("team_"))
                .body("data.attributes.strategy", equalTo("round_robin"))
                .extract().path("data.id");

        given().header("Authorization", Keycloak.bearer("dave")).when().get("/v1/teams/" + id)
                .then().statusCode(200).body("data.attributes.name", equalTo(name));
        given().header("Authorization", Keycloak.bearer("bob")).when().get("/v1/teams/" + id)
                .then().statusCode(404).body("code", equalTo("TEAM_NOT_FOUND"));
        given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body("{\"name\": \"" + name.toUpperCase() + "\"}")
                .when().post("/v1/teams")
                .then().statusCode(409).body("code", equalTo("TEAM_NAME_TAKEN"));
    }

    @Test
    void aDeveloperMayReadButNotWriteRouting() {
        given().header("Authorization", Keycloak.bearer("dave")).contentType("application/json")
                .body("{\"name\": \"Sales\"}")
                .when().post("/v1/teams")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void unknownStrategiesAndWrongTypesAreValidationErrors() {
        given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body("{\"name\": \"Ops\", \"strategy\": \"random\"}")
                .when().post("/v1/teams")
                .then().statusCode(400)
                .body("code", equalTo("VALIDATION_ERROR"))
                .body("errors[0].field", equalTo("strategy"))
                .body("errors[0].message", equalTo("must be one of: round_robin, load_balanced, manual"));
        given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body("{\"name\": 42, \"description\": []}")
                .when().post("/v1/teams")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR"));
        given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body("{\"name\": ")
                .when().post("/v1/teams")
                .then().statusCode(400).body("code", equalTo("MALFORMED_JSON"));
    }

    /**
     * A NUL (which PostgreSQL cannot store) at either end of a name is a 400 INVALID_CHARACTER, as within it: trimming
     * used to take it away and store the rest. Whitespace around a name is still trimmed.
     */
    @Test
    void aNulAtEitherEndOfANameIsRefusedNotTrimmedAway() {
        String name = "Support " + UUID.randomUUID();
        for (String sent : java.util.List.of(name + "\\u0000", "\\u0000" + name)) {
            given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                    .body("{\"name\": \"" + sent + "\"}")
                    .when().post("/v1/teams")
                    .then().statusCode(400).contentType("application/problem+json").body("code", equalTo("INVALID_CHARACTER"));
        }
        // nothing was stored: the name is not taken
        String id = given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body("{\"name\": \"  " + name + " \\t\"}")
                .when().post("/v1/teams")
                .then().statusCode(201).body("data.attributes.name", equalTo(name))
                .extract().path("data.id");
        given().header("Authorization", Keycloak.bearer("alice")).contentType("application/json")
                .body("{\"name\": \"Renamed\\u0000\"}")
                .when().patch("/v1/teams/" + id)
                .then().statusCode(400).body("code", equalTo("INVALID_CHARACTER"));
        given().header("Authorization", Keycloak.bearer("alice")).when().get("/v1/teams/" + id)
                .then().statusCode(200).body("data.attributes.name", equalTo(name));
    }
}
