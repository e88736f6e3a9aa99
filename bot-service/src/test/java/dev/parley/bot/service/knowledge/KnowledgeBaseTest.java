package dev.parley.bot.service.knowledge;

import static dev.parley.bot.testing.BotApi.as;
import static dev.parley.bot.testing.BotApi.createBot;
import static dev.parley.bot.testing.Knowledge.addDocument;
import static dev.parley.bot.testing.Knowledge.createKnowledgeBase;
import static dev.parley.bot.testing.Knowledge.train;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bot.client.EmbeddingClient;
import dev.parley.events.CloudEventHeaders;
import dev.parley.events.Topics;
import dev.parley.events.bot.BotSnapshot;
import dev.parley.events.bot.BotStatus;
import dev.parley.events.bot.TrainingEvent;
import dev.parley.platform.testing.KafkaProbe;
import dev.parley.platform.testing.Keycloak;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Knowledge bases with real embeddings from the running llm-gateway (all-MiniLM-L6-v2): documents, training as a job,
 * incremental re-training (and moving to another embedding model), and retrieval quality on the committed corpus in {@code kb-corpus/}.
 */
@QuarkusTest
class KnowledgeBaseTest {

    static final String ALICE = Keycloak.bearer("alice");
    static final List<String> CORPUS = List.of("shipping.md", "returns.txt", "warranty.html", "payment.md", "store-hours.txt",
            "password.md", "gift-cards.html", "international.txt");

    /** The model documents were embedded with before 29 Nov 2026. */
    static final String FORMER = "all-minilm-l6-v2";

    @Inject
    ObjectMapper json;
    @Inject
    EmbeddingClient embeddings;
    @Inject
    EntityManager entities;

    static String corpus(String file) throws IOException {
        try (InputStream in = KnowledgeBaseTest.class.getResourceAsStream("/kb-corpus/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String contentType(String file) {
        return file.endsWith(".md") ? "markdown" : file.endsWith(".html") ? "html" : "text";
    }

    @Test
    void retrievalFindsTheAnsweringPassageInTheTopThree() throws Exception {
        String kb = createKnowledgeBase(ALICE, "Shop help");
        Map<String, String> docs = new LinkedHashMap<>();
        for (String file : CORPUS) {
            docs.put(file, addDocument(kb, file.substring(0, file.indexOf('.')).replace('-', ' '), contentType(file), corpus(file)));
        }
        String bot = createBot(ALICE, "{\"name\": \"Helper\", \"provider\": \"retrieval\", \"knowledgeBaseId\": \"" + kb + "\"}");
        JsonPath job = train(bot, false);
        assertThat(job.getString("data.attributes.status")).isEqualTo("completed");
        assertThat(job.getInt("data.attributes.documentsEmbedded")).isEqualTo(CORPUS.size());

        List<String> misses = new ArrayList<>();
        for (String line : corpus("questions.tsv").strip().split("\n")) {
            String[] parts = line.split("\t");
            List<String> top = as(ALICE).body(new ObjectMapper().writeValueAsString(Map.of("query", parts[0], "topK", 3)))
                    .post("/v1/knowledge-bases/" + kb + "/query").then().statusCode(200)
                    .body("data", hasSize(3)).extract().path("data.documentId");
            if (!top.contains(docs.get(parts[1]))) {
                misses.add(parts[0] + " -> expected " + parts[1]);
            }
        }
        assertThat(misses).as("questions whose answer was not in the top 3").isEmpty();

        as(ALICE).body("{\"query\": \"Do you take PayPal?\", \"topK\": 1}").post("/v1/knowledge-bases/" + kb + "/query")
                .then().statusCode(200).body("data[0].text", containsString("PayPal"))
                .body("data[0].title", equalTo("payment"))
                .body("data[0].score", org.hamcrest.Matchers.greaterThan(0.3f));
        // HTML is reduced to its words: no markup, no script
        as(ALICE).body("{\"query\": \"warranty accidental damage\", \"topK\": 1}").post("/v1/knowledge-bases/" + kb + "/query")
                .then().body("data[0].text", not(containsString("<"))).body("data[0].text", not(containsString("console.log")))
                .body("data[0].text", containsString("wear & tear"));
    }

    @Test
    void trainingIsAJobAndReTrainingEmbedsOnlyWhatChanged() throws Exception {
        String kb = createKnowledgeBase(ALICE, "Incremental");
        String shipping = addDocument(kb, "shipping", "markdown", corpus("shipping.md"));
        addDocument(kb, "returns", "text", corpus("returns.txt"));
        String bot = createBot(ALICE, "{\"name\": \"Learner\", \"provider\": \"retrieval\", \"knowledgeBaseId\": \"" + kb + "\"}");
        try (KafkaProbe lifecycle = KafkaProbe.tail(Topics.BOTS); KafkaProbe config = KafkaProbe.tail(Topics.BOT_CONFIG)) {
            JsonPath first = train(bot, false);
            assertThat(first.getInt("data.attributes.documentsToProcess")).isEqualTo(2);
            assertThat(first.getInt("data.attributes.documentsEmbedded")).isEqualTo(2);
            as(ALICE).get("/v1/bots/" + bot).then().body("data.attributes.status", equalTo("inactive"));

            assertThat(train(bot, false).getInt("data.attributes.documentsEmbedded")).as("nothing changed").isZero();

            as(ALICE).body(new ObjectMapper().writeValueAsString(Map.of("title", "shipping", "contentType", "text",
                    "content", "Standard delivery now takes 2 business days."))).put("/v1/knowledge-bases/" + kb + "/documents/" + shipping)
                    .then().statusCode(200).body("data.attributes.indexed", equalTo(false));
            JsonPath third = train(bot, false);
            assertThat(third.getInt("data.attributes.documentsToProcess")).isEqualTo(1);
            assertThat(third.getInt("data.attributes.documentsEmbedded")).as("only the changed document").isEqualTo(1);
            as(ALICE).body("{\"query\": \"how long is standard delivery\", \"topK\": 1}").post("/v1/knowledge-bases/" + kb + "/query")
                    .then().body("data[0].text", containsString("2 business days"));

            assertThat(train(bot, true).getInt("data.attributes.documentsEmbedded")).as("full retrain").isEqualTo(2);

            List<ConsumerRecord<String, String>> events = lifecycle.drain(Duration.ofSeconds(2)).stream()
                    .filter(r -> bot.equals(r.key())).toList();
            List<String> types = events.stream().map(r -> KafkaProbe.header(r, CloudEventHeaders.TYPE))
                    .filter(t -> t.startsWith("bot.training")).toList();
            assertThat(types).containsExactly(TrainingEvent.STARTED, TrainingEvent.COMPLETED, TrainingEvent.STARTED,
                    TrainingEvent.COMPLETED, TrainingEvent.STARTED, TrainingEvent.COMPLETED, TrainingEvent.STARTED,
                    TrainingEvent.COMPLETED);
            List<BotStatus> statuses = new ArrayList<>();
            for (ConsumerRecord<String, String> r : config.drain(Duration.ofMillis(500))) {
                if (bot.equals(r.key())) {
                    statuses.add(json.readValue(r.value(), BotSnapshot.class).status());
                }
            }
            assertThat(statuses).as("the bot is training while the job runs").startsWith(BotStatus.TRAINING, BotStatus.INACTIVE);
        }
    }

    @Test
    void documentsEmbeddedWithTheFormerModelAreQueriedWithItUntilTrainingEmbedsThemWithTheCurrentOne() throws Exception {
        String kb = createKnowledgeBase(ALICE, "Moving models");
        String shipping = addDocument(kb, "shipping", "markdown", corpus("shipping.md"));
        String returns = addDocument(kb, "returns", "text", corpus("returns.txt"));
        String bot = createBot(ALICE, "{\"name\": \"Mover\", \"provider\": \"retrieval\", \"knowledgeBaseId\": \"" + kb + "\"}");
        train(bot, false);
        as(ALICE).get("/v1/knowledge-bases/" + kb + "/documents/" + shipping).then()
                .body("data.attributes.embeddingModel", equalTo(embeddings.model()));
        // shipping as a knowledge base trained before the default moved holds it: float32 vectors, named so
        String tenant = QuarkusTransaction.requiringNew().call(() -> (String) entities.createNativeQuery(
                "select tenant_id from knowledge_base where id = ?1").setParameter(1, kb).getSingleResult());
        @SuppressWarnings("unchecked")
        List<Object[]> chunks = QuarkusTransaction.requiringNew().call(() -> entities.createNativeQuery(
                "select id, text from kb_chunk where document_id = ?1 order by position").setParameter(1, shipping).getResultList());
        List<float[]> former = embeddings.embed(ALICE, tenant, null, FORMER,
                chunks.stream().map(c -> "shipping\n" + c[1]).toList());
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < chunks.size(); i++) {
                entities.createNativeQuery("update kb_chunk set embedding = ?1 where id = ?2")
                        .setParameter(1, DocumentText.toBytes(former.get(i))).setParameter(2, chunks.get(i)[0]).executeUpdate();
            }
            entities.createNativeQuery("update kb_document set embedding_model = ?1 where id = ?2")
                    .setParameter(1, FORMER).setParameter(2, shipping).executeUpdate();
        });
        as(ALICE).get("/v1/knowledge-bases/" + kb + "/documents/" + shipping).then()
                .body("data.attributes.embeddingModel", equalTo(FORMER)).body("data.attributes.indexed", equalTo(true));

        // the query meets each document's vectors with its own model's: the scores are those of that model alone
        String question = "how long does standard delivery take";
        float[] q = embeddings.embed(ALICE, tenant, null, FORMER, List.of(question)).get(0);
        JsonPath found = as(ALICE).body("{\"query\": \"" + question + "\", \"topK\": 20}")
                .post("/v1/knowledge-bases/" + kb + "/query").then().statusCode(200).extract().jsonPath();
        assertThat(found.getString("data[0].documentId")).isEqualTo(shipping);
        assertThat(found.getList("data.documentId", String.class)).contains(returns);
        for (int i = 0; i < chunks.size(); i++) {
            int position = i;
            float[] chunk = former.get(i);
            double score = found.getList("data", Map.class).stream()
                    .filter(p -> shipping.equals(p.get("documentId")) && ((Number) p.get("position")).intValue() == position)
                    .mapToDouble(p -> ((Number) p.get("score")).doubleValue()).findFirst().orElseThrow();
            assertThat(score).isCloseTo(DocumentText.cosine(q, chunk), within(0.0001));
        }

        // an incremental training embeds again only the document on the former model
        JsonPath moved = train(bot, false);
        assertThat(moved.getInt("data.attributes.documentsToProcess")).isEqualTo(1);
        assertThat(moved.getInt("data.attributes.documentsEmbedded")).isEqualTo(1);
        as(ALICE).get("/v1/knowledge-bases/" + kb + "/documents/" + shipping).then()
                .body("data.attributes.embeddingModel", equalTo(embeddings.model()));
        as(ALICE).body("{\"query\": \"" + question + "\", \"topK\": 1}").post("/v1/knowledge-bases/" + kb + "/query")
                .then().statusCode(200).body("data[0].documentId", equalTo(shipping));
    }

    @Test
    void knowledgeBasesAreValidatedAndTenantScoped() {
        String kb = createKnowledgeBase(ALICE, "Scoped");
        as(ALICE).body("{\"title\": \"x\", \"contentType\": \"pdf\", \"content\": \"x\"}").post("/v1/knowledge-bases/" + kb + "/documents")
                .then().statusCode(400).body("errors[0].field", equalTo("contentType"));
        as(ALICE).body("{\"contentType\": \"text\", \"content\": \"x\"}").post("/v1/knowledge-bases/" + kb + "/documents")
                .then().statusCode(400).body("errors[0].field", equalTo("title"));
        as(ALICE).body("{\"title\": \"x\", \"contentType\": \"html\", \"content\": \"<div><script>x()</script></div>\"}")
                .post("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(400).body("errors[0].field", equalTo("content"));
        as(ALICE).body("{\"title\": \"big\", \"content\": \"" + "a".repeat(200_001) + "\"}").post("/v1/knowledge-bases/" + kb + "/documents")
                .then().statusCode(413).body("code", equalTo("DOCUMENT_TOO_LARGE"));
        as(ALICE).body("{}").post("/v1/knowledge-bases").then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(ALICE).body("{\"name\": \"x\", \"provider\": \"retrieval\", \"knowledgeBaseId\": \"kb_missing\"}").post("/v1/bots")
                .then().statusCode(404).body("code", equalTo("KNOWLEDGE_BASE_NOT_FOUND"));
        String noKb = createBot(ALICE, "{\"name\": \"No KB\", \"provider\": \"none\"}");
        as(ALICE).body("{}").post("/v1/bots/" + noKb + "/train").then().statusCode(400).body("errors[0].field", equalTo("knowledgeBaseId"));

        String bob = Keycloak.bearer("bob");
        as(bob).get("/v1/knowledge-bases/" + kb).then().statusCode(404).body("code", equalTo("KNOWLEDGE_BASE_NOT_FOUND"));
        as(bob).get("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(404);
        as(bob).body("{\"title\": \"x\", \"content\": \"x\"}").post("/v1/knowledge-bases/" + kb + "/documents").then().statusCode(404);
        as(bob).body("{\"query\": \"x\"}").post("/v1/knowledge-bases/" + kb + "/query").then().statusCode(404);
        as(bob).delete("/v1/knowledge-bases/" + kb).then().statusCode(404);
        as(bob).body("{\"name\": \"x\", \"provider\": \"retrieval\", \"knowledgeBaseId\": \"" + kb + "\"}").post("/v1/bots")
                .then().statusCode(404).body("code", equalTo("KNOWLEDGE_BASE_NOT_FOUND"));

        String bot = createBot(ALICE, "{\"name\": \"Uses KB\", \"provider\": \"retrieval\", \"knowledgeBaseId\": \"" + kb + "\"}");
        as(ALICE).delete("/v1/knowledge-bases/" + kb).then().statusCode(409).body("code", equalTo("KNOWLEDGE_BASE_IN_USE"));
        as(ALICE).body("{\"name\": \"Renamed\"}").patch("/v1/knowledge-bases/" + kb).then().statusCode(200)
                .body("data.attributes.name", equalTo("Renamed"));
        as(ALICE).body("{\"knowledgeBaseId\": null}").patch("/v1/bots/" + bot).then().statusCode(200);
        as(ALICE).delete("/v1/knowledge-bases/" + kb).then().statusCode(204);
    }
}
