package dev.parley.bot.service.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a function's {@code parameters} as the model providers will read them: a JSON Schema (2020-12 meta-schema,
 * from the validator's bundled copy, never fetched) describing an object, whose {@code required} names are declared
 * properties, and with only local {@code $ref}s, so that compiling it never reaches out to the network.
 */
@ApplicationScoped
public class FunctionSchemas {

    static final int MAX_SCHEMA_CHARS = 16_384;
    private static final Set<String> REFERENCE_KEYWORDS = Set.of("$ref", "$dynamicRef", "$schema", "$id");

    private final ObjectMapper json;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final JsonSchema metaSchema = factory.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    public FunctionSchemas(ObjectMapper json) {
        this.json = json;
    }

    /** What is wrong with {@code parameters}, empty when it is a usable parameter schema. */
    public List<String> problems(Map<String, Object> parameters) {
        JsonNode schema = json.valueToTree(parameters);
        List<String> problems = new ArrayList<>();
        if (schema.toString().length() > MAX_SCHEMA_CHARS) {
            return List.of("must be at most " + MAX_SCHEMA_CHARS + " characters of JSON");
        }
        List<String> remote = new ArrayList<>();
        remoteReferences(schema, "", remote);
        if (!remote.isEmpty()) {
            return List.of("may only use local references (#/...); found " + String.join(", ", remote));
        }
        if (!"object".equals(schema.path("type").asText(null))) {
            problems.add("must be a JSON Schema with \"type\": \"object\"");
        }
        for (ValidationMessage message : metaSchema.validate(schema)) {
            problems.add("is not a valid JSON Schema: " + message.getMessage());
        }
        if (problems.isEmpty()) {
            JsonNode required = schema.path("required");
            JsonNode properties = schema.path("properties");
            for (JsonNode name : required) {
                if (!properties.has(name.asText())) {
                    problems.add("requires \"" + name.asText() + "\", which is not among its properties");
                }
            }
            try {
                factory.getSchema(schema).initializeValidators();
            } catch (RuntimeException e) {
                problems.add("cannot be compiled: " + e.getMessage());
            }
        }
        return problems;
    }

    private static void remoteReferences(JsonNode node, String path, List<String> found) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (REFERENCE_KEYWORDS.contains(field.getKey()) && value.isTextual()) {
                    boolean local = value.asText().startsWith("#");
                    boolean knownDialect = field.getKey().equals("$schema")
                            && value.asText().startsWith("https://json-schema.org/draft/2020-12/schema");
                    if (!local && !knownDialect) {
                        found.add(path + "/" + field.getKey() + "=" + value.asText());
                    }
                }
                remoteReferences(value, path + "/" + field.getKey(), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                remoteReferences(node.get(i), path + "/" + i, found);
            }
        }
    }
}
