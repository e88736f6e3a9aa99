package dev.parley.bot.service.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * RFC 7386 JSON Merge Patch: objects merge deeply, {@code null} removes a member, anything else
 * (arrays included) replaces. This is what PATCH on {@code config} and {@code behaviors} means.
 */
public final class JsonMergePatch {

    public static void apply(ObjectNode target, JsonNode patch) {
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (value.isNull()) {
                target.remove(name);
            } else if (value.isObject()) {
                JsonNode existing = target.get(name);
                ObjectNode into = existing instanceof ObjectNode object ? object : target.putObject(name);
                apply(into, value);
            } else {
                target.set(name, value.deepCopy());
            }
        }
    }

    private JsonMergePatch() {
    }
}
