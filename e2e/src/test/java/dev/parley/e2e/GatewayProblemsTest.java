package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * What the one base URL (nginx, {@code infra/nginx/parley.conf.template}) refuses before any service sees it answers
 * as the services do: problem+json with a code, never nginx's HTML page.
 */
class GatewayProblemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRequestLineNginxCannotReadIsABadRequestProblem() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(URI.create(Gateway.url() + "/v1/bots/%00"))), 400, "BAD_REQUEST");
    }

    @Test
    void aRequestLineOverNginxsBuffersIsAUriTooLongProblem() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(URI.create(Gateway.url() + "/v1/bots?q=" + "a".repeat(9_000)))),
                414, "URI_TOO_LONG");
    }

    @Test
    void headersOverNginxsBuffersAreABadRequestProblem() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(URI.create(Gateway.url() + "/v1/bots")).header("X-Big", "a".repeat(20_000))),
                400, "BAD_REQUEST");
    }

    @Test
    void aPathNoServiceServesIsANotFoundProblem() throws Exception {
        assertProblem(send(HttpRequest.newBuilder(URI.create(Gateway.url() + "/v2/nothing"))), 404, "NOT_FOUND");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asText()).isEqualTo(code);
    }
}
