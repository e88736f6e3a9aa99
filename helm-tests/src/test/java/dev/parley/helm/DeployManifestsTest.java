package dev.parley.helm;

import static dev.parley.helm.ParleyChart.PREFIXES;
import static dev.parley.helm.ParleyChart.YAML;
import static dev.parley.helm.ParleyChart.named;
import static dev.parley.helm.ParleyChart.ofKind;
import static dev.parley.helm.ParleyChart.parseAll;
import static dev.parley.helm.ParleyChart.root;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/ (what the chart runs on), the compose file and the local gateway agree with the chart and the code. */
class DeployManifestsTest {

    static Path deploy() {
        return root().resolve("deploy");
    }

    static List<JsonNode> manifests() throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(deploy())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!file.getFileName().toString().equals("compose.yaml")) {
                    docs.addAll(parseAll(file));
                }
            }
        }
        return docs;
    }

    static JsonNode chartValues() throws IOException {
        return YAML.readTree(ParleyChart.chart().resolve("values.yaml").toFile());
    }

    @Test
    void everyManifestIsAKubernetesObject() throws IOException {
        List<JsonNode> docs = manifests();

        assertThat(docs).hasSizeGreaterThan(15);
        for (JsonNode doc : docs) {
            assertThat(doc.path("apiVersion").asText()).as(doc.toString()).isNotBlank();
            assertThat(doc.path("kind").asText()).as(doc.toString()).isNotBlank();
            assertThat(doc.at("/metadata/name").asText()).as(doc.toString()).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
        }
        assertThat(docs).extracting(d -> d.path("kind").asText())
                .contains("Kafka", "KafkaNodePool", "KafkaTopic", "Cluster", "Database", "Keycloak",
                        "KeycloakRealmImport", "Deployment", "Service");
    }

    @Test
    void kafkaRunsInKraftModeAndCreatesNoTopicByItself() throws IOException {
        List<JsonNode> docs = manifests();
        JsonNode kafka = named(docs, "Kafka", "parley");
        JsonNode pool = ofKind(docs, "KafkaNodePool").getFirst();

        assertThat(kafka.at("/metadata/annotations/strimzi.io~1node-pools").asText()).isEqualTo("enabled");
        assertThat(pool.at("/spec/roles").toString()).contains("controller").contains("broker");
        assertThat(pool.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo("parley");
        assertThat(kafka.at("/spec/kafka/config/auto.create.topics.enable").asBoolean(true)).isFalse();
        // The chart's bootstrap address is this cluster's bootstrap service.
        assertThat(chartValues().at("/kafka/bootstrapServers").asText())
                .isEqualTo("parley-kafka-bootstrap:" + kafka.at("/spec/kafka/listeners/0/port").asInt());
    }

    @Test
    void kafkaTopicsAreExactlyTheTopicsOfTheCode() throws IOException {
        List<JsonNode> docs = manifests();
        int brokers = ofKind(docs, "KafkaNodePool").getFirst().at("/spec/replicas").asInt();

        Map<String, Boolean> declared = new HashMap<>();
        for (JsonNode topic : ofKind(docs, "KafkaTopic")) {
            String name = topic.at("/spec/topicName").asText(topic.at("/metadata/name").asText());
            declared.put(name, "compact".equals(topic.at("/spec/config/cleanup.policy").asText()));
            assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).as(name).isEqualTo("parley");
            assertThat(topic.at("/spec/partitions").asInt()).as(name).isPositive();
            assertThat(topic.at("/spec/replicas").asInt()).as(name).isBetween(1, brokers);
            assertThat(topic.at("/spec/config/min.insync.replicas").asInt()).as(name)
                    .isLessThan(topic.at("/spec/replicas").asInt());
        }
        Map<String, Boolean> expected = Topics.ALL.stream()
                .collect(Collectors.toMap(Topics.Spec::name, Topics.Spec::compacted));
        assertThat(declared).isEqualTo(expected);
        assertThat(declared.keySet()).anyMatch(name -> name.endsWith(Topics.DEAD_LETTER_SUFFIX));
        // Strimzi manages the topics, so the services must not create them.
        assertThat(chartValues().at("/kafka/createTopics").asBoolean(true)).isFalse();
    }

    @Test
    void everyServiceHasItsOwnDatabaseAndRole() throws IOException {
        List<JsonNode> docs = manifests();
        JsonNode cluster = named(docs, "Cluster", "parley-db");
        JsonNode components = chartValues().path("components");

        assertThat(chartValues().at("/postgresql/host").asText()).isEqualTo("parley-db-rw");
        Map<String, String> roleSecrets = new HashMap<>();
        cluster.at("/spec/managed/roles").forEach(role -> roleSecrets.put(role.path("name").asText(),
                role.at("/passwordSecret/name").asText()));
        Map<String, String> databaseOwners = new HashMap<>();
        ofKind(docs, "Database").forEach(db -> {
            assertThat(db.at("/spec/cluster/name").asText()).isEqualTo("parley-db");
            databaseOwners.put(db.at("/spec/name").asText(), db.at("/spec/owner").asText());
        });

        for (String component : PREFIXES.keySet()) {
            JsonNode database = components.path(component).path("database");
            String user = database.path("user").asText();
            assertThat(roleSecrets).as(component).containsEntry(user, database.path("existingSecret").asText());
            assertThat(databaseOwners).as(component).containsEntry(database.path("name").asText(), user);
        }
        assertThat(databaseOwners.values()).doesNotHaveDuplicates();
    }

    @Test
    void keycloakServesTheParleyRealmAtTheChartsAddress() throws IOException {
        List<JsonNode> docs = manifests();
        JsonNode keycloak = ofKind(docs, "Keycloak").getFirst();
        JsonNode realmImport = ofKind(docs, "KeycloakRealmImport").getFirst();
        URI oidc = URI.create(chartValues().at("/oidc/url").asText());

        assertThat(oidc.getHost()).isEqualTo(keycloak.at("/metadata/name").asText() + "-service");
        assertThat(oidc.getPath()).isEqualTo("/realms/" + realmImport.at("/spec/realm/realm").asText());
        assertThat(realmImport.at("/spec/keycloakCRName").asText()).isEqualTo(keycloak.at("/metadata/name").asText());
        assertThat(keycloak.at("/spec/db/host").asText()).isEqualTo("parley-db-rw");
    }

    /** The import is infra/keycloak/parley-realm.json minus the demo tenants and people, client secrets as placeholders. */
    @Test
    void realmImportIsGeneratedFromTheRealmOfLocalRuns() throws IOException {
        JsonNode realmImport = ofKind(manifests(), "KeycloakRealmImport").getFirst();
        ObjectNode expected = (ObjectNode) new ObjectMapper()
                .readTree(root().resolve("infra/keycloak/parley-realm.json").toFile());
        expected.put("sslRequired", "external");
        expected.set("groups", expected.arrayNode());
        ArrayNode serviceAccounts = expected.arrayNode();
        expected.path("users").forEach(user -> {
            if (user.path("username").asText().startsWith("service-account-")) {
                serviceAccounts.add(user);
            }
        });
        expected.set("users", serviceAccounts);
        Map<String, String> placeholderKeys = new HashMap<>();
        for (JsonNode client : expected.path("clients")) {
            if (client.hasNonNull("secret")) {
                String clientId = client.path("clientId").asText();
                String placeholder = clientId.toUpperCase().replace('-', '_') + "_CLIENT_SECRET";
                ((ObjectNode) client).put("secret", "${" + placeholder + "}");
                placeholderKeys.put(placeholder, clientId + "-oidc-client-secret");
            }
        }

        assertThat(realmImport.at("/spec/realm"))
                .as("deploy/keycloak/realm-import.yaml is stale: run deploy/keycloak/generate-realm-import.sh")
                .isEqualTo(expected);
        Map<String, String> placeholders = new HashMap<>();
        realmImport.at("/spec/placeholders").fields().forEachRemaining(p -> {
            assertThat(p.getValue().at("/secret/name").asText()).isEqualTo("parley-credentials");
            placeholders.put(p.getKey(), p.getValue().at("/secret/key").asText());
        });
        assertThat(placeholders).isEqualTo(placeholderKeys);
        // ... the very keys the chart hands each service as PARLEY_OIDC_CLIENT_SECRET.
        assertThat(placeholderKeys.values()).containsExactlyInAnyOrderElementsOf(
                PREFIXES.keySet().stream().map(c -> c + "-oidc-client-secret").toList());
    }

    @Test
    void redisIsWhereTheChartLooksWithTheChartsPassword() throws IOException {
        List<JsonNode> docs = manifests();
        URI redis = URI.create(chartValues().at("/redis/url").asText());
        JsonNode service = named(docs, "Service", redis.getHost());
        JsonNode deployment = named(docs, "Deployment", "parley-redis");

        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(redis.getPort());
        JsonNode password = deployment.at("/spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef");
        assertThat(password.path("name").asText()).isEqualTo("parley-credentials");
        assertThat(password.path("key").asText()).isEqualTo("redis-password");
        assertThat(deployment.at("/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem").asBoolean())
                .isTrue();
    }

    @Test
    void createSecretsMakesWhatEverythingReads() throws IOException {
        String script = Files.readString(deploy().resolve("create-secrets.sh"));

        assertThat(script).contains("parley-credentials", "secrets-key=", "redis-password=", "-oidc-client-secret=",
                "kubernetes.io/basic-auth", "cnpg.io/reload=true");
        for (JsonNode role : named(manifests(), "Cluster", "parley-db").at("/spec/managed/roles")) {
            String secret = role.at("/passwordSecret/name").asText();
            assertThat(script).as(secret).contains("for role in").contains(secret.replace("parley-db-", " "));
        }
        for (String component : PREFIXES.keySet()) {
            assertThat(script).contains(component);
        }
    }

    @Test
    void composeRunsTheFourServicesBehindTheSameRoutes() throws IOException {
        // SnakeYAML, not Jackson: compose files share settings through anchors and merge keys (<<: *service-env).
        JsonNode compose = YAML.valueToTree(new org.yaml.snakeyaml.Yaml()
                .load(Files.readString(deploy().resolve("compose.yaml"))));
        JsonNode values = chartValues();
        String tag = values.at("/global/image/tag").asText();

        for (String component : PREFIXES.keySet()) {
            JsonNode service = compose.at("/services/" + component);
            assertThat(service.path("image").asText()).as(component)
                    .isEqualTo("ghcr.io/parley-dev/" + component + ":" + tag);
            assertThat(service.at("/environment/PARLEY_DB_NAME").asText()).as(component)
                    .isEqualTo(values.at("/components/" + component + "/database/name").asText());
            assertThat(service.at("/environment/PARLEY_SECRETS_KEY").asText()).as(component).contains("?");
            assertThat(service.path("read_only").asBoolean()).as(component).isTrue();
            // the JVM the chart's pods run (config.gc), through the same variables of the image's run-java.sh
            assertThat(service.at("/environment/GC_CONTAINER_OPTIONS").asText()).as(component)
                    .isEqualTo(values.at("/config/gc/collector").asText());
            assertThat(service.at("/environment/GC_MIN_HEAP_FREE_RATIO").asText()).as(component)
                    .isEqualTo(values.at("/config/gc/minHeapFreeRatio").asText());
            assertThat(service.at("/environment/GC_MAX_HEAP_FREE_RATIO").asText()).as(component)
                    .isEqualTo(values.at("/config/gc/maxHeapFreeRatio").asText());
        }
        assertThat(compose.at("/services/gateway/volumes/0").asText())
                .startsWith("../infra/nginx/parley.conf.template:");
        assertThat(compose.at("/services/gateway/environment/BOT_SERVICE").asText()).isEqualTo("bot-service:8080");
    }

    /** The local gateway (./parley up, compose) routes every SPEC §1 prefix exactly as the chart does. */
    @Test
    void localGatewayRoutesMatchTheChart() throws IOException {
        String template = Files.readString(root().resolve("infra/nginx/parley.conf.template"));
        Pattern location = Pattern.compile(
                "location ~ \\^/v1/\\(([a-z|-]+)\\)\\(/\\|\\$\\) \\{\\s*proxy_pass http://([a-z-]+);\\s*}");

        Map<String, String> routed = new HashMap<>();
        Matcher m = location.matcher(template);
        while (m.find()) {
            for (String segment : m.group(1).split("\\|")) {
                assertThat(routed.put("/v1/" + segment, m.group(2))).isNull();
            }
        }
        Matcher pages = Pattern.compile("location \\^~ /([a-z-]+)/ \\{\\s*proxy_pass http://([a-z-]+);\\s*}")
                .matcher(template);
        while (pages.find()) {
            assertThat(routed.put("/" + pages.group(1), pages.group(2))).isNull();
        }
        Map<String, String> expected = new HashMap<>();
        PREFIXES.forEach((component, prefixes) -> prefixes.forEach(p -> expected.put(p, component)));
        assertThat(routed).isEqualTo(expected);

        JsonNode components = chartValues().path("components");
        for (String component : PREFIXES.keySet()) {
            assertThat(components.at("/" + component + "/paths").toString())
                    .isEqualTo(YAML.valueToTree(PREFIXES.get(component)).toString());
            assertThat(template).contains("upstream " + component + " ");
        }
    }
}
