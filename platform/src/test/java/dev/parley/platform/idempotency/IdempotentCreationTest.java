package dev.parley.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A request's fingerprint: the same request reads the same wherever and whenever it is retried. */
class IdempotentCreationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theSameRequestHasOneFingerprintWhateverTheOrderOfItsMapsKeys() {
        Map<String, Object> oneWay = new LinkedHashMap<>();
        oneWay.put("document", "kb_1");
        oneWay.put("request", Map.of("title", "Prices"));
        Map<String, Object> otherWay = new LinkedHashMap<>();
        otherWay.put("request", Map.of("title", "Prices"));
        otherWay.put("document", "kb_1");

        assertThat(IdempotentCreation.fingerprint(json, oneWay)).isEqualTo(IdempotentCreation.fingerprint(json, otherWay));
    }

    @Test
    void anotherRequestHasAnotherFingerprint() {
        assertThat(IdempotentCreation.fingerprint(json, Map.of("document", "kb_1")))
                .isNotEqualTo(IdempotentCreation.fingerprint(json, Map.of("document", "kb_2")));
    }
}
