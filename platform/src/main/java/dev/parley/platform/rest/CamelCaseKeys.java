package dev.parley.platform.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The one rule for field names in request bodies: Parley answers in camelCase (SPEC §2) and accepts the seeds'
 * snake_case spellings ({@code max_chats_count}, {@code secret_key}, {@code match_type}) as aliases. Maps whose keys
 * are the tenant's own (headers, settings, filters, …) are kept as written.
 */
public final class CamelCaseKeys {

    /** Fields whose value is a map of the tenant's own keys, never renamed. */
    public static final Set<String> FREE_FORM = Set.of("headers", "responseMapping", "settings", "data", "credentials",
            "attributes", "parameters", "metadata", "filters");

    private CamelCaseKeys() {
    }

    /** A copy of {@code node} with every snake_case key (outside {@code freeForm} maps) in camelCase. */
    public static JsonNode camelCase(JsonNode node, Set<String> freeForm) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = camelKey(field.getKey());
                // a camelCase key written beside its snake_case alias wins
                if (out.has(key) && !key.equals(field.getKey())) {
                    continue;
                }
                out.set(key, freeForm.contains(key) ? field.getValue().deepCopy() : camelCase(field.getValue(), freeForm));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(camelCase(item, freeForm)));
            return out;
        }
        return node.deepCopy();
    }

    public static JsonNode camelCase(JsonNode node) {
        return camelCase(node, FREE_FORM);
    }

    /** {@code trigger_keywords} → {@code triggerKeywords}; keys without an inner underscore are kept. */
    public static String camelKey(String key) {
        if (key.indexOf('_') <= 0) {
            return key;
        }
        StringBuilder out = new StringBuilder(key.length());
        boolean upper = false;
        for (char c : key.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
