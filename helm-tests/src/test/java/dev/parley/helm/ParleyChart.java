package dev.parley.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The chart in helm/parley, its ci/*-values.yaml variants, and what Helm makes of them. */
final class ParleyChart {

    static final String RELEASE = "parley";
    static final String NAMESPACE = "parley";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** SPEC §1: every public path prefix and the service that owns it (and the pages they serve: /widget, /desk). */
    static final Map<String, List<String>> PREFIXES = Map.of(
            "bot-service", List.of("/v1/bots", "/v1/flows", "/v1/channels", "/v1/knowledge-bases", "/v1/api-keys",
                    "/v1/tenant"),
            "conversation-service", List.of("/v1/inbound", "/v1/webchat", "/v1/conversations", "/v1/sessions",
                    "/widget"),
            "routing-service", List.of("/v1/agents", "/v1/teams", "/v1/transfers", "/v1/webhooks",
                    "/v1/canned-responses", "/desk"),
            "llm-gateway", List.of("/v1/integrations", "/v1/models", "/v1/chat", "/v1/embeddings", "/v1/usage",
                    "/v1/agent-loops"));

    private ParleyChart() {
    }

    static Path root() {
        return Path.of(System.getProperty("parley.root", "..")).toAbsolutePath().normalize();
    }

    static Path chart() {
        return root().resolve("helm/parley");
    }

    static List<Path> variants() {
        try (Stream<Path> files = Files.list(chart().resolve("ci"))) {
            return files.filter(f -> f.getFileName().toString().endsWith("-values.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path variant(String name) {
        return chart().resolve("ci/" + name + "-values.yaml");
    }

    static String variantName(Path file) {
        return file.getFileName().toString().replace("-values.yaml", "");
    }

    /** {@code helm template} with a values file and {@code --set} pairs; the rendered documents, empty ones dropped. */
    static List<JsonNode> render(Path valuesFile, Object... sets) {
        TemplateCommand template = new Helm(chart()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion("1.31.0").withValuesFile(valuesFile);
        for (int i = 0; i < sets.length; i += 2) {
            template = template.set((String) sets[i], sets[i + 1]);
        }
        String rendered = template.call();
        if (sets.length == 0) { // kept for reading: target/rendered/<variant>.yaml
            try {
                Path out = Path.of("target/rendered", variantName(valuesFile) + ".yaml");
                Files.createDirectories(out.getParent());
                Files.writeString(out, rendered);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parseAll(rendered);
    }

    /**
     * {@code helm lint --strict -f <variant>}. helm-java's lint takes no values file, so the variant is merged over
     * values.yaml the way Helm merges values files (maps deeply, everything else replaced) into a copy of the chart.
     */
    static LintResult lint(Path valuesFile, Path workDir) throws IOException {
        Path copy = workDir.resolve(variantName(valuesFile)).resolve("parley");
        copyTree(chart(), copy);
        JsonNode merged = merge(YAML.readTree(chart().resolve("values.yaml").toFile()),
                YAML.readTree(valuesFile.toFile()));
        YAML.writeValue(copy.resolve("values.yaml").toFile(), merged);
        return new Helm(copy).lint().strict().call();
    }

    static List<JsonNode> parseAll(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static List<JsonNode> parseAll(Path file) {
        try {
            return parseAll(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return ofKind(docs, kind).stream().filter(d -> name.equals(d.at("/metadata/name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    static String objectName(String component) {
        return RELEASE + "-" + component;
    }

    private static JsonNode merge(JsonNode base, JsonNode override) {
        if (!(base instanceof ObjectNode target) || !override.isObject()) {
            return override;
        }
        ObjectNode result = target.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode existing = result.get(field.getKey());
            result.set(field.getKey(), existing == null ? field.getValue() : merge(existing, field.getValue()));
        }
        return result;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
