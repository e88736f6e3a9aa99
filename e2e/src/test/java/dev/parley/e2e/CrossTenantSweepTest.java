package dev.parley.e2e;

import static dev.parley.e2e.ServiceProcesses.BOT;
import static dev.parley.e2e.ServiceProcesses.CONVERSATION;
import static dev.parley.e2e.ServiceProcesses.LLM;
import static dev.parley.e2e.ServiceProcesses.ROUTING;
import static dev.parley.e2e.ServiceProcesses.url;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.e2e.OpenApi.Operation;
import dev.parley.platform.testing.Keycloak;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 18's cross-tenant sweep, generated from the four OpenAPI documents. Tenant A (Acme) creates one of each
 * resource the API lets it create; then every operation of the documents with an id in its path is called as tenant
 * B (Globex) with A's ids, and so is every create whose body names another resource: each must answer 404
 * problem+json, exactly as for an id that does not exist, with none of A's data. Operations without a Parley
 * credential (channels' inbound webhooks, the webchat visitor's API) are called with another visitor's token and must refuse
 * likewise. An operation whose ids the sweep cannot fill fails the test by name, so a new endpoint is swept or noticed.
 */
@ExtendWith(ServiceProcesses.class)
class CrossTenantSweepTest {

    private static final Logger LOG = Logger.getLogger(CrossTenantSweepTest.class);

    static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Path parameters that are not ids of tenant data: the widget's and desk's static files. */
    static final Set<String> NOT_IDS = Set.of("file", "version");
    /** Path parameters named after what they hold ({@code botId}); {@code id} takes its kind from the segment before. */
    static final Map<String, String> KIND_OF_PARAM = Map.of("botId", "bot", "channelId", "channel",
            "documentId", "document", "jobId", "training-job", "agentId", "agent", "executionId", "execution",
            "deliveryId", "delivery");
    static final Map<String, String> KIND_OF_SEGMENT = Map.ofEntries(Map.entry("bots", "bot"),
            Map.entry("keyword-rules", "keyword-rule"), Map.entry("ai-contexts", "ai-context"),
            Map.entry("channels", "channel"), Map.entry("flows", "flow"), Map.entry("knowledge-bases", "knowledge-base"),
            Map.entry("api-keys", "api-key"), Map.entry("conversations", "conversation"),
            Map.entry("sessions", "session"), Map.entry("agents", "agent"), Map.entry("teams", "team"),
            Map.entry("transfers", "transfer"), Map.entry("webhooks", "webhook"),
            Map.entry("canned-responses", "canned-response"), Map.entry("integrations", "integration"),
            Map.entry("agent-loops", "agent-loop"), Map.entry("documents", "document"));
    /**
     * Public by design, answered to anyone who has the id: the widget's view of a webchat channel (the bot's name and
     * whether identity verification is on), which every page embedding the channel reads before a visitor exists.
     */
    static final Set<String> PUBLIC_BY_DESIGN = Set.of("GET /v1/webchat/channels/{channelId}");
    private static final Pattern ID_SHAPE = Pattern.compile("\\b[a-z]{2,5}_[0-9A-Za-z]{10,}\\b");

    final String run = Long.toString(System.currentTimeMillis(), 36);
    /** In every name and text of A's data: an answer to B that contains it leaks A's data. */
    final String marker = "acme-only-" + run;
    final Map<String, String> ids = new TreeMap<>();

    static RequestSpecification as(String token, int port) {
        return given().baseUri(url(port)).header("Authorization", "Bearer " + token).contentType("application/json");
    }

    String create(String kind, String token, int port, String path, String body) {
        Response response = as(token, port).body(body).post(path);
        assertThat(response.statusCode()).as("creating %s: POST %s answered %s", kind, path, response.asString())
                .isIn(200, 201, 202);
        String id = response.path("data.id");
        ids.put(kind, id);
        return id;
    }

    @Test
    void everyOperationWithAnIdAnswersAnotherTenant404WithNoneOfItsData() throws Exception {
        String alice = Keycloak.token("alice");
        String bob = Keycloak.token("bob");
        try (TenantWebhookEndpoint endpoint = new TenantWebhookEndpoint()) {
            createAcmesWorld(alice, endpoint);
            String otherVisitor = anotherVisitor();

            List<Operation> all = OpenApi.operations();
            List<String> unfilled = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            Map<String, Integer> answers = new TreeMap<>();
            List<Operation> withIds = new ArrayList<>();
            for (Operation op : all) {
                List<String> params = op.pathParams().stream().filter(p -> !NOT_IDS.contains(p)).toList();
                if (params.isEmpty() || PUBLIC_BY_DESIGN.contains(op.method().toUpperCase() + " " + op.path())) {
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (String param : op.pathParams()) {
                    String id = NOT_IDS.contains(param) ? "x" : ids.get(kindOf(op, param));
                    if (id == null) {
                        unfilled.add(op + ": {" + param + "} (kind " + kindOf(op, param) + ")");
                    }
                    values.put(param, id);
                }
                if (values.values().stream().noneMatch(v -> v == null)) {
                    withIds.add(op);
                }
            }
            assertThat(unfilled).as("operations whose ids the sweep cannot fill: teach the sweep to create their "
                    + "resources (createAcmesWorld, KIND_OF_PARAM/KIND_OF_SEGMENT)").isEmpty();

            // Deletes last: a leaking delete would take A's data away from the operations after it.
            withIds.sort(Comparator.comparing(op -> op.method().equals("delete")));
            for (Operation op : withIds) {
                Map<String, String> values = new LinkedHashMap<>();
                op.pathParams().forEach(p -> values.put(p, NOT_IDS.contains(p) ? "x" : ids.get(kindOf(op, p))));
                String path = OpenApi.fill(op.path(), values);
                RequestSpecification request = as(bob, op.port());
                if (!op.secured()) {
                    request = given().baseUri(url(op.port())).contentType("application/json")
                            .header("X-Webchat-Token", otherVisitor).header("X-Parley-Signature", "sha256=00")
                            .header("X-Hub-Signature-256", "sha256=00")
                            .header("X-Telegram-Bot-Api-Secret-Token", "not-" + run);
                }
                if (!op.bodyTypes().isEmpty()) {
                    request = request.body(bodyFor(op));
                }
                Response response = request.request(op.method().toUpperCase(), path);
                // /internal/ is for Parley's own services: any tenant's credential is refused before any lookup
                Set<Integer> expected = !op.secured() ? Set.of(401, 403, 404)
                        : op.path().startsWith("/internal/") ? Set.of(403) : Set.of(404);
                check(op + " as " + path, response, expected, values, failures, answers);
            }

            // Ids inside bodies: a create that names A's resource is refused as if it did not exist.
            // (B's own integration, so that B's agent loop has a model and only the knowledge base can be refused)
            ids.put("b-integration", as(bob, LLM).body("""
                    {"name": "B integration %s", "provider": "openai", "apiKey": "sk-b", "defaultModel": "gpt-4o-mini",
                     "baseUrl": "http://127.0.0.1:9/v1"}""".formatted(run)).post("/v1/integrations").then().statusCode(201)
                    .extract().path("data.id"));
            List<BodyCheck> bodyChecks = bodyIdChecks();
            for (BodyCheck check : bodyChecks) {
                Response response = as(bob, OpenApi.SERVICES.get(check.service())).body(check.body())
                        .request(check.method(), check.path());
                check(check.method() + " " + check.path() + " with " + check.body(), response, Set.of(404), ids,
                        failures, answers);
            }

            LOG.infof("Cross-tenant sweep: %d operations with ids in path of %d documented (%d services), "
                            + "%d body-id creates, tenant B's answers: %s", withIds.size(), all.size(),
                    OpenApi.SERVICES.size(), bodyChecks.size(), answers);
            assertThat(failures).as("answers to tenant B with tenant A's ids").isEmpty();
        }
    }

    /** Checks one answer to B; describes what is wrong into {@code failures}. */
    void check(String what, Response response, Set<Integer> expected, Map<String, String> sent,
            List<String> failures, Map<String, Integer> answers) {
        int status = response.statusCode();
        answers.merge(Integer.toString(status), 1, Integer::sum);
        String body = response.asString();
        if (!expected.contains(status)) {
            failures.add(what + " answered " + status + " (expected " + expected + "): " + abbreviate(body));
            return;
        }
        if (!String.valueOf(response.contentType()).startsWith("application/problem+json")) {
            failures.add(what + " answered " + status + " as " + response.contentType() + ", not problem+json");
        }
        if (body.contains(marker)) {
            failures.add(what + " answered with A's data: " + abbreviate(body));
        }
        Matcher m = ID_SHAPE.matcher(body);
        while (m.find()) {
            if (ids.containsValue(m.group()) && !sent.containsValue(m.group()) && !body.contains("\"" + m.group() + "\" ")) {
                failures.add(what + " answered with A's id " + m.group() + " it was not asked for: " + abbreviate(body));
            }
        }
    }

    static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    String kindOf(Operation op, String param) {
        if (KIND_OF_PARAM.containsKey(param)) {
            return KIND_OF_PARAM.get(param);
        }
        String kind = KIND_OF_SEGMENT.getOrDefault(op.segmentBefore(param), op.segmentBefore(param));
        return op.path().startsWith("/v1/webchat/") ? "webchat-" + kind : kind;
    }

    /** A create as B that names one of A's resources in its body. */
    record BodyCheck(String service, String method, String path, String body) {
    }

    /** Creates with B's credential that name one of A's resources in the body (one id each, the rest B's or none). */
    List<BodyCheck> bodyIdChecks() {
        return List.of(
                new BodyCheck("bot-service", "POST", "/v1/bots", """
                        {"name": "B bot %s", "provider": "retrieval", "model": "retrieval", "knowledgeBaseId": "%s"}"""
                        .formatted(run, ids.get("knowledge-base"))),
                new BodyCheck("bot-service", "POST", "/v1/bots", """
                        {"name": "B bot 2 %s", "provider": "retrieval", "model": "retrieval", "flowIds": ["%s"]}"""
                        .formatted(run, ids.get("flow"))),
                // bot-service asks routing-service (its client, with its service token for B) whether the team is B's
                new BodyCheck("bot-service", "POST", "/v1/flows", """
                        {"name": "B flow %s", "steps": [{"message": "bye", "messageType": "transfer",
                          "transferConfig": {"teamId": "%s"}}]}""".formatted(run, ids.get("team"))),
                new BodyCheck("routing-service", "POST", "/v1/transfers", """
                        {"conversationId": "%s", "notes": "B"}""".formatted(ids.get("conversation"))),
                new BodyCheck("routing-service", "POST", "/v1/agents", """
                        {"name": "B agent %s", "groups": [{"id": "%s", "priority": "first"}]}"""
                        .formatted(run, ids.get("team"))),
                new BodyCheck("llm-gateway", "POST", "/v1/integrations", """
                        {"name": "B integration %s", "provider": "openai", "apiKey": "sk-b", "botId": "%s",
                         "defaultModel": "gpt-4o-mini"}""".formatted(run, ids.get("bot"))),
                new BodyCheck("llm-gateway", "POST", "/v1/agent-loops", """
                        {"name": "B loop %s", "instructions": "Answer.", "model": "%s",
                         "tools": [{"type": "knowledge_base", "name": "search_docs", "knowledgeBaseId": "%s"}]}"""
                        .formatted(run, ids.get("b-integration"), ids.get("knowledge-base"))),
                new BodyCheck("conversation-service", "POST", "/v1/sessions/dry-run", """
                        {"botId": "%s", "message": "hours"}""".formatted(ids.get("bot"))));
    }

    /** A body that would be accepted on A's own resource, so that only the id can make B's call fail. */
    String bodyFor(Operation op) {
        String template = TEMPLATES.get(op.method().toUpperCase() + " " + op.path());
        if (template != null) {
            return template.replace("{run}", run).replace("{marker}", marker);
        }
        List<JsonNode> examples = op.jsonBodyExamples();
        return examples.isEmpty() ? "{}" : examples.getFirst().toString();
    }

    static final Map<String, String> TEMPLATES = Map.ofEntries(
            Map.entry("POST /v1/conversations/{id}/messages", "{\"text\": \"from B\"}"),
            Map.entry("POST /v1/conversations/{id}/notes", "{\"text\": \"from B\"}"),
            Map.entry("POST /v1/conversations/{id}/feedback", "{\"rating\": 5}"),
            Map.entry("PUT /v1/transfers/{id}/assign", "{\"agentId\": \"agt_x\"}"),
            Map.entry("POST /v1/knowledge-bases/{id}/documents", "{\"title\": \"B\", \"contentType\": \"text\", \"content\": \"B\"}"),
            Map.entry("PUT /v1/knowledge-bases/{id}/documents/{documentId}", "{\"title\": \"B\", \"contentType\": \"text\", \"content\": \"B\"}"),
            Map.entry("POST /v1/knowledge-bases/{id}/query", "{\"query\": \"returns\"}"),
            Map.entry("POST /v1/agent-loops/{id}/run", "{\"input\": \"hello\"}"),
            Map.entry("POST /v1/bots/{id}/test", "{\"message\": \"hours\"}"),
            Map.entry("POST /v1/webchat/sessions/{id}/messages", "{\"text\": \"from B\"}"));

    /** Acme's world: one of each resource, every name and text carrying the marker. */
    void createAcmesWorld(String alice, TenantWebhookEndpoint endpoint) {
        // routing-service
        String team = create("team", alice, ROUTING, "/v1/teams", """
                {"name": "Team %s", "strategy": "manual"}""".formatted(marker));
        create("agent", alice, ROUTING, "/v1/agents", """
                {"type": "human", "name": "Agent %s", "maxChatsCount": 3, "defaultGroupPriority": "supervisor",
                 "groups": [{"id": "%s", "priority": "first"}]}""".formatted(marker, team));
        String webhook = create("webhook", alice, ROUTING, "/v1/webhooks", """
                {"url": "%s", "description": "%s", "eventTypes": ["transfer.*"]}""".formatted(endpoint.url(), marker));
        create("canned-response", alice, ROUTING, "/v1/canned-responses", """
                {"shortcut": "s%s", "title": "%s", "text": "Canned %s"}""".formatted(run, marker, marker));

        // bot-service
        String kb = create("knowledge-base", alice, BOT, "/v1/knowledge-bases", """
                {"name": "KB %s", "description": "%s"}""".formatted(marker, marker));
        create("document", alice, BOT, "/v1/knowledge-bases/" + kb + "/documents", """
                {"title": "Returns %s", "contentType": "text", "content": "Returns within 30 days. %s"}"""
                .formatted(marker, marker));
        // its transfer step's team is checked with routing-service, through bot-service's client, for A: accepted
        String flow = create("flow", alice, BOT, "/v1/flows", """
                {"name": "Flow %s", "triggerKeywords": ["feedback%s"], "initialMessage": "%s",
                 "steps": [{"stepName": "rating", "stepOrder": 1, "message": "How was it? %s", "messageType": "buttons",
                   "inputType": "select", "storeAs": "rating", "buttons": [{"id": "great", "title": "Great"}]},
                  {"stepName": "handoff", "stepOrder": 2, "message": "Over to the team.", "messageType": "transfer",
                   "transferConfig": {"teamId": "%s"}}]}"""
                .formatted(marker, run, marker, marker, team));
        String bot = create("bot", alice, BOT, "/v1/bots", """
                {"name": "Bot %s", "description": "%s", "provider": "retrieval", "model": "retrieval",
                 "knowledgeBaseId": "%s", "flowIds": ["%s"]}""".formatted(marker, marker, kb, flow));
        create("keyword-rule", alice, BOT, "/v1/bots/" + bot + "/keyword-rules", """
                {"name": "Hours %s", "keywords": ["hours"], "matchType": "contains", "response": {"text": "Open 9 to 5 %s"}}"""
                .formatted(marker, marker));
        create("ai-context", alice, BOT, "/v1/bots/" + bot + "/ai-contexts", """
                {"name": "Context %s", "triggerKeywords": ["shipping"], "contextType": "static", "content": "%s"}"""
                .formatted(marker, marker));
        String channel = create("channel", alice, BOT, "/v1/channels", """
                {"type": "webchat", "name": "Chat %s"}""".formatted(marker));
        as(alice, BOT).body("{\"channelId\": \"" + channel + "\"}").post("/v1/bots/" + bot + "/channels")
                .then().statusCode(org.hamcrest.Matchers.either(org.hamcrest.Matchers.equalTo(200))
                        .or(org.hamcrest.Matchers.equalTo(201)));
        String job = create("training-job", alice, BOT, "/v1/bots/" + bot + "/train", "{}");
        await().atMost(PATIENCE).until(() -> "completed".equals(as(alice, BOT)
                .get("/v1/bots/" + bot + "/training-jobs/" + job).then().extract().path("data.attributes.status")));
        as(alice, BOT).post("/v1/bots/" + bot + "/activate").then().statusCode(200);
        create("api-key", alice, BOT, "/v1/api-keys", """
                {"name": "Key %s", "scopes": ["bots:read"]}""".formatted(marker));

        // conversation-service: a visitor on A's webchat; the bot answers, which makes a conversation and a session
        JsonNode visitor = await().atMost(PATIENCE).until(() -> given().baseUri(url(CONVERSATION))
                .contentType("application/json")
                .body("{\"channelId\": \"" + channel + "\", \"name\": \"Visitor " + marker + "\"}")
                .post("/v1/webchat/sessions").then().extract().as(JsonNode.class).path("data"), data -> data.has("id"));
        String visitorSession = visitor.path("id").asText();
        ids.put("webchat-session", visitorSession);
        String conversationId = given().baseUri(url(CONVERSATION))
                .header("X-Webchat-Token", visitor.path("attributes").path("token").asText())
                .contentType("application/json").body("{\"text\": \"hours " + marker + "\"}")
                .post("/v1/webchat/sessions/" + visitorSession + "/messages").then().statusCode(202)
                .extract().path("data.conversationId");
        ids.put("conversation", conversationId);
        await().atMost(PATIENCE).until(() -> {
            String id = as(alice, CONVERSATION).queryParam("conversationId", conversationId).get("/v1/sessions")
                    .then().statusCode(200).extract().path("data[0].id");
            if (id != null) {
                ids.put("session", id);
            }
            return id != null;
        });
        as(alice, CONVERSATION).body("{\"text\": \"Note " + marker + "\"}")
                .post("/v1/conversations/" + conversationId + "/notes").then().statusCode(201);

        // routing-service: a transfer of A's conversation, whose event reaches A's webhook as a delivery
        create("transfer", alice, ROUTING, "/v1/transfers", """
                {"conversationId": "%s", "teamId": "%s", "notes": "%s"}""".formatted(conversationId, team, marker));
        await().atMost(PATIENCE).until(() -> {
            String id = as(alice, ROUTING).get("/v1/webhooks/" + webhook + "/deliveries").then().statusCode(200)
                    .extract().path("data[0].id");
            if (id != null) {
                ids.put("delivery", id);
            }
            return id != null;
        });

        // llm-gateway
        String integration = create("integration", alice, LLM, "/v1/integrations", """
                {"name": "Integration %s", "provider": "openai", "apiKey": "sk-%s", "botId": "%s",
                 "baseUrl": "http://127.0.0.1:9/v1", "defaultModel": "gpt-4o-mini"}""".formatted(marker, run, bot));
        String loop = create("agent-loop", alice, LLM, "/v1/agent-loops", """
                {"name": "Loop %s", "instructions": "Answer from the docs. %s", "model": "%s",
                 "tools": [{"type": "knowledge_base", "name": "search_docs", "knowledgeBaseId": "%s"}]}"""
                .formatted(marker, marker, integration, kb));
        create("execution", alice, LLM, "/v1/agent-loops/" + loop + "/run", """
                {"input": "What about returns? %s"}""".formatted(marker));
    }

    /** Another visitor (of A's own webchat): the credential of the visitor's API, used on the first one's ids. */
    String anotherVisitor() {
        return given().baseUri(url(CONVERSATION)).contentType("application/json")
                .body("{\"channelId\": \"" + ids.get("channel") + "\"}").post("/v1/webchat/sessions").then()
                .statusCode(201).extract().path("data.attributes.token");
    }
}
