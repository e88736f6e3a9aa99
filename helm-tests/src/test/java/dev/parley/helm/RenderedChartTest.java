package dev.parley.helm;

import static dev.parley.helm.ParleyChart.PREFIXES;
import static dev.parley.helm.ParleyChart.named;
import static dev.parley.helm.ParleyChart.objectName;
import static dev.parley.helm.ParleyChart.ofKind;
import static dev.parley.helm.ParleyChart.render;
import static dev.parley.helm.ParleyChart.variant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RenderedChartTest {

    static List<Path> variants() {
        return ParleyChart.variants();
    }

    @ParameterizedTest(name = "ci/{0}: four Deployments, each with a Service and a ConfigMap")
    @MethodSource("variants")
    void rendersEveryComponent(Path variant) {
        List<JsonNode> docs = render(variant);

        for (String component : PREFIXES.keySet()) {
            named(docs, "Deployment", objectName(component));
            named(docs, "Service", objectName(component));
            named(docs, "ConfigMap", objectName(component));
        }
        assertThat(ofKind(docs, "Deployment")).hasSize(4);
        assertThat(docs).allSatisfy(doc -> assertThat(doc.at("/metadata/labels/app.kubernetes.io~1part-of").asText())
                .as(doc.path("kind").asText()).isEqualTo("parley"));
    }

    @ParameterizedTest(name = "ci/{0}: probes, limits, non-root read-only security context")
    @MethodSource("variants")
    void everyDeploymentIsProbedLimitedAndLockedDown(Path variant) {
        for (JsonNode deployment : ofKind(render(variant), "Deployment")) {
            String name = deployment.at("/metadata/name").asText();
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            assertThat(pod.at("/containers").size()).as(name).isEqualTo(1);

            assertThat(container.at("/startupProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/started");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/ready");
            assertThat(container.at("/readinessProbe/httpGet/port").asText()).as(name).isEqualTo("http");

            assertThat(container.at("/resources/limits/cpu").asText()).as(name).isNotBlank();
            assertThat(container.at("/resources/limits/memory").asText()).as(name).isNotBlank();
            assertThat(container.at("/resources/requests/cpu").asText()).as(name).isNotBlank();
            assertThat(container.at("/resources/requests/memory").asText()).as(name).isNotBlank();

            JsonNode security = container.at("/securityContext");
            assertThat(security.at("/readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
            assertThat(security.at("/allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
            assertThat(security.at("/runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(security.at("/capabilities/drop").toString()).as(name).contains("\"ALL\"");
            assertThat(security.at("/capabilities/add").isMissingNode()).as(name).isTrue();
            assertThat(security.at("/privileged").asBoolean(false)).as(name).isFalse();
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).as(name).isPositive();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as(name).isEqualTo("RuntimeDefault");
            assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).as(name).isFalse();

            // Quarkus needs a writable /tmp on a read-only root filesystem.
            assertThat(container.at("/volumeMounts").toString()).as(name).contains("\"mountPath\":\"/tmp\"");
            assertThat(pod.at("/volumes/0/emptyDir").isObject()).as(name).isTrue();

            String image = container.at("/image").asText();
            assertThat(image).as(name).matches(".+/[a-z0-9-]+:[0-9][A-Za-z0-9._-]*").doesNotEndWith(":latest");
        }
    }

    @Test
    void everySettingTheServicesReadIsWired() throws IOException {
        Set<String> read = environmentVariablesTheServicesRead();
        assertThat(read).contains("PARLEY_SECRETS_KEY", "PARLEY_DB_PASSWORD", "PARLEY_KAFKA_BOOTSTRAP");

        List<JsonNode> docs = render(variant("default"));
        for (String component : PREFIXES.keySet()) {
            Set<String> provided = new HashSet<>();
            named(docs, "ConfigMap", objectName(component)).path("data").fieldNames().forEachRemaining(provided::add);
            named(docs, "Deployment", objectName(component)).at("/spec/template/spec/containers/0/env")
                    .forEach(env -> provided.add(env.path("name").asText()));
            assertThat(provided).as(component).containsAll(read);
        }
    }

    /**
     * A pod's JVM runs the options every local run and benchmark uses (infra/service-jvm.options): the image's run-java.sh
     * puts the chart's collector in place of its own and takes the heap ratios from the chart's settings.
     */
    @Test
    void podsRunTheJvmOptionsOfLocalRunsAndBenchmarks() throws IOException {
        List<String> local = Files.readAllLines(Path.of("..", "infra", "service-jvm.options")).stream()
                .map(line -> line.replaceFirst("#.*", "").trim()).filter(line -> !line.isEmpty()).toList();
        List<JsonNode> docs = render(variant("default"));
        for (String component : PREFIXES.keySet()) {
            JsonNode data = named(docs, "ConfigMap", objectName(component)).path("data");
            List<String> pod = new ArrayList<>(List.of(data.path("GC_CONTAINER_OPTIONS").asText().split("\\s+")));
            pod.add("-XX:MinHeapFreeRatio=" + data.path("GC_MIN_HEAP_FREE_RATIO").asText());
            pod.add("-XX:MaxHeapFreeRatio=" + data.path("GC_MAX_HEAP_FREE_RATIO").asText());
            assertThat(pod).as(component).allMatch(option -> option.matches("-XX:\\S+"));
            assertThat(local).as(component).containsAll(pod);
        }
    }

    @ParameterizedTest(name = "ci/{0}: no secret value in a ConfigMap")
    @MethodSource("variants")
    void secretsNeverAppearInConfigMaps(Path variant) throws IOException {
        List<JsonNode> docs = render(variant);
        Set<String> secretValues = new HashSet<>();
        collectStrings(ParleyChart.YAML.readTree(variant.toFile()).path("secrets"), secretValues);
        for (JsonNode secret : ofKind(docs, "Secret")) {
            collectStrings(secret.path("stringData"), secretValues);
        }
        secretValues.removeIf(value -> value.length() < 6);

        for (JsonNode configMap : ofKind(docs, "ConfigMap")) {
            configMap.path("data").fields().forEachRemaining(entry -> {
                assertThat(entry.getKey()).doesNotContainIgnoringCase("password").doesNotContainIgnoringCase("secret")
                        .doesNotContain("JAAS");
                for (String secret : secretValues) {
                    assertThat(entry.getValue().asText()).as(entry.getKey()).doesNotContain(secret);
                }
            });
        }
        // Credentials reach the containers only as secretKeyRef.
        for (JsonNode deployment : ofKind(docs, "Deployment")) {
            for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
                String name = env.path("name").asText();
                if (name.contains("PASSWORD") || name.contains("SECRET") || name.contains("JAAS")) {
                    assertThat(env.has("value")).as(name).isFalse();
                    assertThat(env.at("/valueFrom/secretKeyRef/name").asText()).as(name).isNotBlank();
                }
            }
        }
    }

    @Test
    void theChartsSecretHoldsWhatTheDeploymentsReference() {
        List<JsonNode> docs = render(variant("default"));
        JsonNode secret = named(docs, "Secret", "parley-credentials");

        assertThat(secret.at("/stringData/secrets-key").asText()).isEqualTo("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        for (JsonNode deployment : ofKind(docs, "Deployment")) {
            for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
                JsonNode ref = env.at("/valueFrom/secretKeyRef");
                if ("parley-credentials".equals(ref.path("name").asText())) {
                    assertThat(secret.at("/stringData").has(ref.path("key").asText()))
                            .as(env.path("name").asText()).isTrue();
                }
            }
        }
        // Database credentials come from the CloudNativePG role secrets of deploy/.
        JsonNode botEnv = named(docs, "Deployment", objectName("bot-service")).at("/spec/template/spec/containers/0/env");
        assertThat(botEnv.toString()).contains("\"name\":\"parley-db-bot\"");
    }

    @Test
    void existingSecretsReplaceTheChartsSecret() {
        List<JsonNode> docs = render(variant("existing-secrets"));

        assertThat(ofKind(docs, "Secret")).isEmpty();
        for (JsonNode deployment : ofKind(docs, "Deployment")) {
            Map<String, String> refs = new HashMap<>();
            deployment.at("/spec/template/spec/containers/0/env").forEach(env -> refs.put(env.path("name").asText(),
                    env.at("/valueFrom/secretKeyRef/name").asText()));
            assertThat(refs).containsEntry("PARLEY_SECRETS_KEY", "parley-credentials")
                    .containsEntry("PARLEY_DB_PASSWORD", "parley-credentials")
                    .containsEntry("PARLEY_OIDC_CLIENT_SECRET", "parley-credentials");
        }
    }

    @Test
    void ingressRoutesEveryPrefixToItsService() {
        JsonNode ingress = named(render(variant("existing-secrets")), "Ingress", "parley");

        Map<String, String> routed = new HashMap<>();
        for (JsonNode path : ingress.at("/spec/rules/0/http/paths")) {
            assertThat(path.path("pathType").asText()).isEqualTo("Prefix");
            assertThat(routed.put(path.path("path").asText(), path.at("/backend/service/name").asText())).isNull();
        }
        assertThat(routed).isEqualTo(expectedRoutes());
        assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("api.parley.example.com");
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("parley-tls");
    }

    @Test
    void httpRouteRoutesEveryPrefixToItsService() {
        JsonNode route = named(render(variant("production")), "HTTPRoute", "parley");

        Map<String, String> routed = new HashMap<>();
        for (JsonNode rule : route.at("/spec/rules")) {
            String backend = rule.at("/backendRefs/0/name").asText();
            assertThat(rule.at("/backendRefs/0/port").asInt()).isEqualTo(8080);
            for (JsonNode match : rule.path("matches")) {
                assertThat(match.at("/path/type").asText()).isEqualTo("PathPrefix");
                assertThat(routed.put(match.at("/path/value").asText(), backend)).isNull();
            }
        }
        assertThat(routed).isEqualTo(expectedRoutes());
        assertThat(route.at("/spec/parentRefs/0/name").asText()).isEqualTo("public-gateway");
        assertThat(route.at("/spec/hostnames/0").asText()).isEqualTo("api.parley.example.com");
    }

    @Test
    void routesPointAtServicesThatExposeTheContainerPort() {
        List<JsonNode> docs = render(variant("production"));
        for (String component : PREFIXES.keySet()) {
            JsonNode service = named(docs, "Service", objectName(component));
            assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
            assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
            assertThat(service.at("/spec/selector")).isEqualTo(
                    named(docs, "Deployment", objectName(component)).at("/spec/selector/matchLabels"));
        }
    }

    @Test
    void productionScalesWithHpasAndIsScraped() {
        List<JsonNode> docs = render(variant("production"));

        for (String component : PREFIXES.keySet()) {
            JsonNode hpa = named(docs, "HorizontalPodAutoscaler", objectName(component));
            assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(objectName(component));
            assertThat(hpa.at("/spec/maxReplicas").asInt()).isGreaterThan(hpa.at("/spec/minReplicas").asInt());
            // The HPA owns the replica count; a fixed one would fight it on every upgrade.
            assertThat(named(docs, "Deployment", objectName(component)).at("/spec/replicas").isMissingNode()).isTrue();

            JsonNode monitor = named(docs, "ServiceMonitor", objectName(component));
            assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
            assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
            named(docs, "PodDisruptionBudget", objectName(component));
        }
        assertThat(named(docs, "HorizontalPodAutoscaler", objectName("conversation-service"))
                .at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(60);
        assertThat(named(docs, "ConfigMap", objectName("bot-service")).at("/data/KAFKA_SECURITY_PROTOCOL").asText())
                .isEqualTo("SASL_SSL");
        assertThat(named(docs, "Deployment", objectName("bot-service")).at("/spec/template/spec/containers/0/image")
                .asText()).isEqualTo("registry.example.com/parley/bot-service:0.1.0");
    }

    @Test
    void scalingIsAValuesChange() {
        List<JsonNode> docs = render(variant("default"), "components.conversation-service.replicas", 5);

        assertThat(named(docs, "Deployment", objectName("conversation-service")).at("/spec/replicas").asInt())
                .isEqualTo(5);
        assertThat(named(docs, "Deployment", objectName("routing-service")).at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(ofKind(docs, "HorizontalPodAutoscaler")).isEmpty();
    }

    @Test
    void aDisabledComponentIsNeitherDeployedNorRouted() {
        List<JsonNode> docs = render(variant("existing-secrets"), "components.llm-gateway.enabled", false);

        assertThat(ofKind(docs, "Deployment")).hasSize(3);
        assertThat(named(docs, "Ingress", "parley").toString()).doesNotContain("/v1/models");
    }

    @ParameterizedTest(name = "ci/{0}: NetworkPolicies and PodDisruptionBudgets select their pods")
    @MethodSource("variants")
    void policiesSelectTheirComponentsPods(Path variant) {
        List<JsonNode> docs = render(variant);
        List<JsonNode> expectedSelected = new ArrayList<>();
        for (JsonNode policy : ofKind(docs, "NetworkPolicy")) {
            JsonNode deployment = named(docs, "Deployment", policy.at("/metadata/name").asText());
            assertThat(policy.at("/spec/podSelector/matchLabels"))
                    .isEqualTo(deployment.at("/spec/selector/matchLabels"));
            assertThat(policy.at("/spec/policyTypes").toString()).contains("Ingress").contains("Egress");
            expectedSelected.add(policy);
        }
        for (JsonNode pdb : ofKind(docs, "PodDisruptionBudget")) {
            JsonNode deployment = named(docs, "Deployment", pdb.at("/metadata/name").asText());
            assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
        }
        if (ParleyChart.variantName(variant).equals("minimal")) {
            assertThat(expectedSelected).isEmpty();
            assertThat(ofKind(docs, "PodDisruptionBudget")).isEmpty();
        } else {
            assertThat(expectedSelected).hasSize(4);
            assertThat(ofKind(docs, "PodDisruptionBudget")).hasSize(4);
        }
    }

    @Test
    void publicEgressExcludesPrivateNetworks() {
        JsonNode policy = named(render(variant("default")), "NetworkPolicy", objectName("llm-gateway"));

        String egress = policy.at("/spec/egress").toString();
        assertThat(egress).contains("0.0.0.0/0").contains("10.0.0.0/8").contains("169.254.0.0/16");
    }

    /** Prefix to the Service that must answer it. */
    static Map<String, String> expectedRoutes() {
        Map<String, String> routes = new HashMap<>();
        PREFIXES.forEach((component, prefixes) -> prefixes.forEach(p -> routes.put(p, objectName(component))));
        return routes;
    }

    /** Every {@code ${PARLEY_...}} in the configuration the services ship with. */
    static Set<String> environmentVariablesTheServicesRead() throws IOException {
        Pattern env = Pattern.compile("\\$\\{(PARLEY_[A-Z0-9_]+)");
        Set<String> names = new TreeSet<>();
        Path root = ParleyChart.root();
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"));
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.map(d -> d.resolve("src/main/resources/application.properties")).filter(Files::isRegularFile)
                    .forEach(files::add);
        }
        for (Path file : files) {
            Matcher m = env.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static void collectStrings(JsonNode node, Set<String> into) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
        node.forEach(child -> collectStrings(child, into));
    }
}
