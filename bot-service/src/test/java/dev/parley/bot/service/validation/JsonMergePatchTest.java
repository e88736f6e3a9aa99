package dev.parley.bot.service.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What PATCH on {@code config} and {@code behaviors} does: RFC 7386, checked against the RFC's own examples. */
class JsonMergePatchTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            // RFC 7386, appendix A (the examples whose target and patch are objects)
            "{\"a\":\"b\"}                 | {\"a\":\"c\"}                      | {\"a\":\"c\"}",
            "{\"a\":\"b\"}                 | {\"b\":\"c\"}                      | {\"a\":\"b\",\"b\":\"c\"}",
            "{\"a\":\"b\"}                 | {\"a\":null}                       | {}",
            "{\"a\":\"b\",\"b\":\"c\"}     | {\"a\":null}                       | {\"b\":\"c\"}",
            "{\"a\":[\"b\"]}               | {\"a\":\"c\"}                      | {\"a\":\"c\"}",
            "{\"a\":\"c\"}                 | {\"a\":[\"b\"]}                    | {\"a\":[\"b\"]}",
            "{\"a\":{\"b\":\"c\"}}         | {\"a\":{\"b\":\"d\",\"c\":null}}   | {\"a\":{\"b\":\"d\"}}",
            "{\"a\":[{\"b\":\"c\"}]}       | {\"a\":[1]}                        | {\"a\":[1]}",
            "{\"e\":null}                  | {\"a\":1}                          | {\"e\":null,\"a\":1}",
            "{}                            | {\"a\":{\"bb\":{\"ccc\":null}}}    | {\"a\":{\"bb\":{}}}",
            // an object patch onto a member that is not an object makes it one
            "{\"a\":\"text\"}              | {\"a\":{\"b\":1}}                  | {\"a\":{\"b\":1}}",
            // the RFC's example document: the title changes, a member goes, an array is replaced, nested ones stay
            "{\"title\":\"Goodbye!\",\"author\":{\"givenName\":\"John\",\"familyName\":\"Doe\"},\"tags\":[\"example\",\"sample\"],\"content\":\"This will be unchanged\"}"
                    + " | {\"title\":\"Hello!\",\"phoneNumber\":\"+01-123-456-7890\",\"author\":{\"familyName\":null},\"tags\":[\"example\"]}"
                    + " | {\"title\":\"Hello!\",\"author\":{\"givenName\":\"John\"},\"tags\":[\"example\"],\"content\":\"This will be unchanged\",\"phoneNumber\":\"+01-123-456-7890\"}"
    })
    void mergesAsTheRfcSays(String target, String patch, String result) throws Exception {
        ObjectNode document = (ObjectNode) JSON.readTree(target);
        JsonMergePatch.apply(document, JSON.readTree(patch));
        assertThat(document).isEqualTo(JSON.readTree(result));
    }
}
