package dev.parley.routing.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The desk as routing-service serves it: page never cached, versioned files immutable, a strict policy on all. */
@QuarkusTest
class DeskResourceTest {

    @Test
    void thePageNamesItsFilesUnderAVersionAndEverythingCarriesAStrictPolicy() {
        String page = given().when().get("/desk/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("connect-src 'self' http://127.0.0.1:8180;"))
                .header("Content-Security-Policy", not(containsString("unsafe")))
                .extract().asString();
        assertThat(page).doesNotContain("__PARLEY_DESK_VERSION__").doesNotContain("<script>").doesNotContain("style=");
        Matcher script = Pattern.compile("src=\"/desk/([0-9a-f]{12})/desk\\.js\"").matcher(page);
        assertThat(script.find()).as(page).isTrue();
        String version = script.group(1);

        for (String file : new String[] {"desk.js", "desk-logic.js", "oidc.js", "desk.css"}) {
            given().header("Accept-Encoding", "identity").when().get("/desk/" + version + "/" + file).then().statusCode(200)
                    .header("Cache-Control", "public, max-age=31536000, immutable")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Security-Policy", containsString("default-src 'none'"));
        }
        String etag = given().when().get("/desk/" + version + "/desk.js").then().extract().header("ETag");
        given().header("If-None-Match", etag).when().get("/desk/" + version + "/desk.js").then().statusCode(304);
        // an old version's path is not served from the current files
        given().when().get("/desk/000000000000/desk.js").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
        given().when().get("/desk/" + version + "/secret.properties").then().statusCode(404);
    }

    @Test
    void theConfigNamesTheRealmAndThePublicClient() {
        given().when().get("/desk/config.json").then().statusCode(200)
                .header("Cache-Control", "no-cache")
                .body("issuer", equalTo("http://127.0.0.1:8180/realms/parley"))
                .body("clientId", equalTo("parley-desk"))
                .body("authorizationEndpoint", equalTo("http://127.0.0.1:8180/realms/parley/protocol/openid-connect/auth"))
                .body("tokenEndpoint", equalTo("http://127.0.0.1:8180/realms/parley/protocol/openid-connect/token"));
    }
}
