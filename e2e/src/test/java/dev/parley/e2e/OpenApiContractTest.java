package dev.parley.e2e;

import static dev.parley.e2e.ServiceProcesses.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.e2e.OpenApi.Operation;
import dev.parley.platform.testing.Keycloak;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18.5: each service's OpenAPI document describes what the service accepts. The document is OpenAPI 3 in its
 * structure (version, info, paths and operations with responses, path parameters declared, every reference resolving),
 * JSON request bodies are described as objects (a client generated from the document sends what the service reads),
 * and each documented example request body is accepted by the service (not refused as bad input) with a status the
 * document lists (a create's 201, not the 200 a scanner assumes for a method returning a {@code Response}).
 */
@ExtendWith(ServiceProcesses.class)
class OpenApiContractTest {

    private static final Logger LOG = Logger.getLogger(OpenApiContractTest.class);

    /** Operations that read any JSON value by design (an import takes a whole export, or Tiledesk's intents list). */
    static final Set<String> ANY_JSON = Set.of("POST /v1/bots/import", "POST /v1/bots/{id}/import");

    @Test
    void eachDocumentIsStructurallyOpenApi3() {
        List<String> problems = new ArrayList<>();
        OpenApi.documents().forEach((service, document) -> {
            if (!document.path("openapi").asText().matches("3\\.[01]\\.\\d+")) {
                problems.add(service + ": openapi is " + document.path("openapi"));
            }
            for (String field : List.of("title", "version")) {
                if (!document.path("info").path(field).isTextual()) {
                    problems.add(service + ": info." + field + " missing");
                }
            }
            if (!document.path("paths").isObject() || document.path("paths").isEmpty()) {
                problems.add(service + ": no paths");
            }
            document.path("paths").fieldNames().forEachRemaining(path -> {
                if (!path.startsWith("/")) {
                    problems.add(service + ": path " + path + " does not start with /");
                }
            });
            unresolvedReferences(document, document, "#", problems, service);
        });
        Set<String> operationIds = new HashSet<>();
        for (Operation op : OpenApi.operations()) {
            if (!op.node().path("responses").isObject() || op.node().path("responses").isEmpty()) {
                problems.add(op + ": no responses");
            }
            String operationId = op.node().path("operationId").asText(null);
            if (operationId != null && !operationIds.add(op.service() + operationId)) {
                problems.add(op + ": operationId " + operationId + " used twice");
            }
            Set<String> declared = new HashSet<>();
            List<JsonNode> parameters = new ArrayList<>();
            op.node().path("parameters").forEach(parameters::add);
            op.document().path("paths").path(op.path()).path("parameters").forEach(parameters::add);
            parameters.forEach(p -> {
                JsonNode parameter = op.resolve(p);
                if (!Set.of("query", "header", "path", "cookie").contains(parameter.path("in").asText())) {
                    problems.add(op + ": parameter " + parameter.path("name") + " in " + parameter.path("in"));
                }
                if ("path".equals(parameter.path("in").asText())) {
                    declared.add(parameter.path("name").asText());
                    if (!parameter.path("required").asBoolean()) {
                        problems.add(op + ": path parameter " + parameter.path("name") + " not required");
                    }
                }
            });
            for (String param : op.pathParams()) {
                if (!declared.contains(param)) {
                    problems.add(op + ": path parameter {" + param + "} not declared");
                }
            }
        }
        assertThat(problems).as("OpenAPI 3 structure of the four documents").isEmpty();
    }

    @Test
    void jsonRequestBodiesAreDescribedAsObjects() {
        List<String> wrong = new ArrayList<>();
        int bodies = 0;
        for (Operation op : OpenApi.operations()) {
            JsonNode schema = op.jsonBodySchema();
            if (schema == null || ANY_JSON.contains(op.method().toUpperCase() + " " + op.path())) {
                continue;
            }
            bodies++;
            if (!"object".equals(schema.path("type").asText())) {
                wrong.add(op + ": " + schema);
            }
        }
        LOG.infof("OpenAPI contract: %d JSON request bodies, %d not described as objects", bodies,
                wrong.size());
        assertThat(wrong).as("JSON request bodies described as something other than an object").isEmpty();
    }

    @Test
    void anOperationThatNeedsACredentialSaysSo() {
        List<String> undocumented = new ArrayList<>();
        for (Operation op : OpenApi.operations()) {
            if (op.secured() || !op.path().startsWith("/v1/")) {
                continue;
            }
            java.util.Map<String, String> values = new java.util.HashMap<>();
            op.pathParams().forEach(p -> values.put(p, "x"));
            Response response = given().baseUri(url(op.port())).contentType("application/json").body("{}")
                    .request(op.method().toUpperCase(), OpenApi.fill(op.path(), values));
            if (response.statusCode() == 401) {
                undocumented.add(op + " answers 401 without a credential but documents no security");
            }
        }
        assertThat(undocumented).as("operations whose document omits the credential they need").isEmpty();
    }

    @Test
    void everyDocumentedExampleRequestIsAccepted() {
        String token = Keycloak.token("alice");
        List<String> refused = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        Map<String, Integer> answered = new java.util.TreeMap<>();
        int examples = 0;
        for (Operation op : OpenApi.operations()) {
            // Examples on operations with ids would need the ids; creates (no id in the path) run as they are.
            if (!op.method().equals("post") || !op.pathParams().isEmpty()) {
                continue;
            }
            for (JsonNode example : op.jsonBodyExamples()) {
                examples++;
                JsonNode body = example.deepCopy();
                if (body instanceof com.fasterxml.jackson.databind.node.ObjectNode object && object.path("name").isTextual()) {
                    // names are unique per tenant and the suite's databases outlive a run
                    object.put("name", object.get("name").asText() + " " + Long.toString(System.nanoTime(), 36));
                }
                Response response = given().baseUri(url(op.port())).header("Authorization", "Bearer " + token)
                        .contentType("application/json").body(body.toString()).request("POST", op.path());
                if (response.statusCode() == 400 || response.statusCode() == 422 || response.statusCode() >= 500) {
                    refused.add(op + " example " + body + " answered " + response.statusCode() + ": "
                            + CrossTenantSweepTest.abbreviate(response.asString()));
                } else if (response.statusCode() / 100 == 2) {
                    answered.merge(op + " " + response.statusCode(), 1, Integer::sum);
                    // the response side: what the service answers is what the document says it answers (201 vs 200)
                    if (!op.node().path("responses").has(Integer.toString(response.statusCode()))) {
                        List<String> documented = new ArrayList<>();
                        op.node().path("responses").fieldNames().forEachRemaining(documented::add);
                        undocumented.add(op + " answered " + response.statusCode() + ", documented " + documented);
                    }
                }
            }
        }
        LOG.infof("OpenAPI contract: %d documented example requests sent, %d refused, %d answered with a status "
                + "the document does not list; answers %s", examples, refused.size(), undocumented.size(), answered);
        assertThat(examples).as("documented example requests of creates").isGreaterThanOrEqualTo(13);
        assertThat(refused).as("documented examples the service refuses").isEmpty();
        assertThat(undocumented).as("success statuses the document does not list").isEmpty();
    }

    private static void unresolvedReferences(JsonNode document, JsonNode node, String where, List<String> problems,
            String service) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || document.at(ref.asText().substring(1)).isMissingNode())) {
                problems.add(service + ": " + where + " refers to " + ref + ", which does not resolve");
            }
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                unresolvedReferences(document, field.getValue(), where + "/" + field.getKey(), problems, service);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                unresolvedReferences(document, node.get(i), where + "/" + i, problems, service);
            }
        }
    }
}
