package dev.parley.llm.service.agentloop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tools' parameters as JSON Schema (draft 2020-12): a schema is checked against the meta-schema when a loop is
 * saved, and every call's arguments against the schema before the tool is called.
 */
@ApplicationScoped
public class ToolSchemas {

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final JsonSchema metaSchema = factory.getSchema(SchemaLocation.of(JsonMetaSchema.getV202012().getIri()));
    /** Compiled schemas by their text; loops are few and their schemas small. */
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
    private final ObjectMapper json;

    public ToolSchemas(ObjectMapper json) {
        this.json = json;
    }

    /** What is wrong with {@code schema} as a tool's parameters; empty when it is usable. */
    public List<String> problems(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return List.of("must be a JSON Schema object");
        }
        if (!"object".equals(schema.path("type").asText())) {
            return List.of("must be a schema of type object");
        }
        List<String> messages = metaSchema.validate(schema).stream().map(ValidationMessage::getMessage).sorted().toList();
        if (!messages.isEmpty()) {
            return messages;
        }
        try {
            schema(schema);
            return List.of();
        } catch (RuntimeException e) {
            return List.of("cannot be compiled: " + e.getMessage());
        }
    }

    /** Where {@code arguments} break {@code schema}, as {@code $.path: message}; empty when they fit. */
    public List<String> violations(JsonNode schema, JsonNode arguments) {
        return schema(schema).validate(arguments).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** The schema of a tool that takes no arguments. */
    public ObjectNode noParameters() {
        return (ObjectNode) read("{\"type\": \"object\", \"properties\": {}}");
    }

    /** The schema the knowledge-base search takes. */
    public ObjectNode knowledgeBaseParameters() {
        return (ObjectNode) read("""
                {"type": "object", "properties": {"query": {"type": "string", "minLength": 1, "maxLength": 1000,
                  "description": "What to look for in the knowledge base"}}, "required": ["query"],
                 "additionalProperties": false}""");
    }

    /** The schema a transfer to routing takes. */
    public ObjectNode transferParameters() {
        return (ObjectNode) read("""
                {"type": "object", "properties": {
                  "reason": {"type": "string", "minLength": 1, "maxLength": 500,
                    "description": "Why the conversation needs a person"},
                  "notes": {"type": "string", "maxLength": 4000, "description": "What the agent should know"}},
                 "required": ["reason"], "additionalProperties": false}""");
    }

    private JsonSchema schema(JsonNode schema) {
        if (compiled.size() > 1000) {
            compiled.clear();
        }
        return compiled.computeIfAbsent(schema.toString(), text -> factory.getSchema(schema));
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
