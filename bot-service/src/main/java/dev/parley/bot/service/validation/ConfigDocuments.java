package dev.parley.bot.service.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.platform.problem.JsonProblems;
import dev.parley.platform.rest.CamelCaseKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads the configuration documents clients send (rules, contexts, flows, channels). The seeds write them in
 * snake_case ({@code match_type}, {@code trigger_keywords}, {@code step_order}); Parley answers in camelCase and
 * accepts both. Maps whose keys are the tenant's own (headers, response mappings, settings) are left as written.
 */
@ApplicationScoped
public class ConfigDocuments {

    private static final Set<String> FREE_FORM = Set.of("headers", "responseMapping", "settings", "data", "credentials",
            "attributes", "parameters");

    private final ObjectMapper json;

    public ConfigDocuments(ObjectMapper json) {
        this.json = json;
    }

    /** A copy of {@code node} with every snake_case key (outside free-form maps) in camelCase: the platform's rule. */
    public ObjectNode camelCase(ObjectNode node) {
        return (ObjectNode) CamelCaseKeys.camelCase(node, FREE_FORM);
    }

    /** A request body as a document to read: camelCase, without the {@code id} a client may send back. */
    public ObjectNode shaped(ObjectNode body) {
        ObjectNode doc = camelCase(body);
        doc.remove("id");
        return doc;
    }

    /** What every rule, context and flow is unless told otherwise: enabled. */
    public static ObjectNode enabledByDefault(ObjectNode doc) {
        if (!doc.hasNonNull("enabled")) {
            doc.put("enabled", true);
        }
        return doc;
    }

    public <T> T read(ObjectNode document, Class<T> type) {
        try {
            return json.treeToValue(document, type);
        } catch (JsonProcessingException e) {
            throw JsonProblems.of(e);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonProcessingException cause) {
                throw JsonProblems.of(cause);
            }
            throw e;
        }
    }

    public ObjectNode tree(Object value) {
        return json.valueToTree(value);
    }

    /** {@code patch} (RFC 7386) applied over {@code current}. */
    public ObjectNode merged(Object current, ObjectNode patch) {
        ObjectNode document = tree(current);
        JsonMergePatch.apply(document, patch);
        return document;
    }
}
