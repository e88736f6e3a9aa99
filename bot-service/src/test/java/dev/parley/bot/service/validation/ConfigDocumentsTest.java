package dev.parley.bot.service.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConfigDocumentsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ConfigDocuments documents = new ConfigDocuments(json);

    @Test
    void aBodyIsShapedInCamelCaseWithoutItsIdAndFreeFormMapsLeftAsWritten() throws Exception {
        ObjectNode body = (ObjectNode) json.readTree("""
                {"id": "kwr_sent_back", "match_type": "exact", "trigger_keywords": ["hi"],
                 "api_fetch": {"url": "https://example.com", "headers": {"x_api_key": "k"}, "response_mapping": {"order_id": "$.id"}}}""");

        ObjectNode shaped = documents.shaped(body);

        assertThat(shaped.has("id")).isFalse();
        assertThat(shaped.fieldNames()).toIterable().containsExactly("matchType", "triggerKeywords", "apiFetch");
        assertThat(shaped.at("/apiFetch/headers/x_api_key").asText()).isEqualTo("k");
        assertThat(shaped.at("/apiFetch/responseMapping/order_id").asText()).isEqualTo("$.id");
        assertThat(body.has("id")).as("the request body itself is left alone").isTrue();
    }

    @Test
    void enabledUnlessSaidOtherwise() throws Exception {
        assertThat(ConfigDocuments.enabledByDefault(json.createObjectNode()).get("enabled").asBoolean()).isTrue();
        ObjectNode off = (ObjectNode) json.readTree("{\"enabled\": false}");
        assertThat(ConfigDocuments.enabledByDefault(off).get("enabled").asBoolean()).isFalse();
    }

    @Test
    void aMergePatchMergesObjectsRemovesNullsAndReplacesArrays() throws Exception {
        record Current(String name, List<String> keywords, Map<String, Object> config) {
        }
        Current current = new Current("Hours", List.of("hours", "open"), new TreeMap<>(Map.of("a", 1, "b", 2)));
        ObjectNode patch = (ObjectNode) json.readTree("{\"keywords\": [\"time\"], \"config\": {\"a\": null, \"c\": 3}}");

        ObjectNode merged = documents.merged(current, patch);

        assertThat(merged.toString()).isEqualTo("{\"name\":\"Hours\",\"keywords\":[\"time\"],\"config\":{\"b\":2,\"c\":3}}");
    }
}
