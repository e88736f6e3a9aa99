package dev.parley.e2e;

import static dev.parley.e2e.ServiceProcesses.BOT;
import static dev.parley.e2e.ServiceProcesses.CONVERSATION;
import static dev.parley.e2e.ServiceProcesses.LLM;
import static dev.parley.e2e.ServiceProcesses.ROUTING;
import static dev.parley.e2e.ServiceProcesses.url;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The four services' OpenAPI documents as they serve them ({@code /q/openapi?format=json}), read into operations.
 * The suites that walk the API (cross-tenant sweep, fuzzing, the documents' own contract) take their list of
 * operations from here, so an endpoint added to a service is covered without anyone adding it to a test.
 */
final class OpenApi {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, Integer> SERVICES = new LinkedHashMap<>();
    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    static {
        SERVICES.put("bot-service", BOT);
        SERVICES.put("conversation-service", CONVERSATION);
        SERVICES.put("routing-service", ROUTING);
        SERVICES.put("llm-gateway", LLM);
    }

    /** One operation of one service's document. */
    record Operation(String service, int port, JsonNode document, String method, String path, JsonNode node) {

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path + " (" + service + ")";
        }

        /** The names of the path's parameters, in order. */
        List<String> pathParams() {
            List<String> names = new ArrayList<>();
            Matcher m = PARAM.matcher(path);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        /** The literal segment just before {@code {param}} in the path ("bots" for {@code /v1/bots/{id}}). */
        String segmentBefore(String param) {
            String[] segments = path.split("/");
            for (int i = 1; i < segments.length; i++) {
                if (segments[i].equals("{" + param + "}")) {
                    return segments[i - 1];
                }
            }
            throw new IllegalArgumentException(param + " is not in " + path);
        }

        /** Whether the document asks for a Parley credential (an API key or a Keycloak token). */
        boolean secured() {
            JsonNode security = node.has("security") ? node.get("security") : document.path("security");
            return security.isArray() && !security.isEmpty();
        }

        /** Parameters in the query (or header) that the document lists. */
        List<JsonNode> parameters(String in) {
            List<JsonNode> found = new ArrayList<>();
            node.path("parameters").forEach(p -> {
                JsonNode resolved = resolve(p);
                if (in.equals(resolved.path("in").asText())) {
                    found.add(resolved);
                }
            });
            return found;
        }

        /** The media types of the request body, or none. */
        List<String> bodyTypes() {
            List<String> types = new ArrayList<>();
            node.path("requestBody").path("content").fieldNames().forEachRemaining(types::add);
            return types;
        }

        /** The JSON request body's schema (references resolved), or null without one. */
        JsonNode jsonBodySchema() {
            JsonNode media = node.path("requestBody").path("content").path("application/json");
            return media.isMissingNode() ? null : resolve(media.path("schema"));
        }

        /** The JSON request body's example(s) documented for this operation (media type level). */
        List<JsonNode> jsonBodyExamples() {
            JsonNode media = node.path("requestBody").path("content").path("application/json");
            List<JsonNode> examples = new ArrayList<>();
            if (media.has("example")) {
                examples.add(media.get("example"));
            }
            for (Iterator<JsonNode> it = media.path("examples").elements(); it.hasNext(); ) {
                JsonNode example = resolve(it.next());
                if (example.has("value")) {
                    examples.add(example.get("value"));
                }
            }
            JsonNode schema = jsonBodySchema();
            if (examples.isEmpty() && schema != null && schema.has("example")) {
                examples.add(schema.get("example"));
            }
            return examples;
        }

        /** A {@code $ref} into this document, followed (repeatedly); anything else as it is. */
        JsonNode resolve(JsonNode node) {
            JsonNode current = node;
            for (int i = 0; i < 20 && current.has("$ref"); i++) {
                String ref = current.get("$ref").asText();
                if (!ref.startsWith("#/")) {
                    throw new IllegalStateException("external $ref " + ref + " in " + this);
                }
                current = document.at(ref.substring(1));
            }
            return current;
        }
    }

    private static final Map<String, JsonNode> DOCUMENTS = new LinkedHashMap<>();

    /** Each service's document, fetched once per run. */
    static synchronized Map<String, JsonNode> documents() {
        if (DOCUMENTS.isEmpty()) {
            SERVICES.forEach((name, port) -> {
                try {
                    DOCUMENTS.put(name, JSON.readTree(given().baseUri(url(port)).get("/q/openapi?format=json")
                            .then().statusCode(200).extract().asString()));
                } catch (Exception e) {
                    throw new IllegalStateException(name + "'s OpenAPI document", e);
                }
            });
        }
        return DOCUMENTS;
    }

    /** Every operation of the four documents. */
    static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        documents().forEach((service, document) -> document.path("paths").fields().forEachRemaining(path ->
                path.getValue().fields().forEachRemaining(op -> {
                    if (List.of("get", "put", "post", "delete", "patch").contains(op.getKey())) {
                        operations.add(new Operation(service, SERVICES.get(service), document, op.getKey(),
                                path.getKey(), op.getValue()));
                    }
                })));
        return operations;
    }

    /** {@code path} with each {@code {param}} replaced by {@code values.get(param)}. */
    static String fill(String path, Map<String, String> values) {
        Matcher m = PARAM.matcher(path);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(filled, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(filled);
        return filled.toString();
    }

    private OpenApi() {
    }
}
