package dev.parley.llm.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import dev.parley.platform.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real all-MiniLM-L6-v2 model, in process: its vectors must mean something, not just have a shape. */
@QuarkusTest
class EmbeddingResourceTest {

    static RequestSpecification as(String user) {
        return given().header("Authorization", Keycloak.bearer(user)).contentType("application/json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2-q", "all-minilm-l6-v2"})
    void similarSentencesAreCloserThanUnrelatedOnes(String model) {
        JsonPath answer = as("dave").body("""
                {"model": "%s", "input": ["The cat sits on the mat", "A cat is sitting on a rug",
                 "Quarterly revenue grew by five percent"]}""".formatted(model))
                .post("/v1/embeddings")
                .then().statusCode(200)
                .body("object", equalTo("list"))
                .body("model", equalTo(model))
                .body("data.size()", equalTo(3))
                .body("data[2].index", equalTo(2))
                .body("data[0].object", equalTo("embedding"))
                .body("data[0].embedding.size()", equalTo(384))
                .body("usage.prompt_tokens", greaterThan(10))
                .extract().jsonPath();
        float[] cat = vector(answer.getList("data[0].embedding", Float.class));
        float[] rug = vector(answer.getList("data[1].embedding", Float.class));
        float[] revenue = vector(answer.getList("data[2].embedding", Float.class));
        assertThat(norm(cat)).isCloseTo(1.0, within(0.01));
        assertThat(cosine(cat, rug)).isGreaterThan(0.6).isGreaterThan(cosine(cat, revenue) + 0.3);
    }

    @Test
    void theDefaultIsTheQuantizedModelWhoseVectorsAreCloseToButNotTheFullOnes() {
        String text = "{\"input\": \"Where is my parcel?\"%s}";
        JsonPath quantized = as("dave").body(text.formatted("")).post("/v1/embeddings")
                .then().statusCode(200).body("model", equalTo("all-minilm-l6-v2-q")).extract().jsonPath();
        JsonPath full = as("dave").body(text.formatted(", \"model\": \"all-minilm-l6-v2\"")).post("/v1/embeddings")
                .then().statusCode(200).body("model", equalTo("all-minilm-l6-v2")).extract().jsonPath();
        float[] q = vector(quantized.getList("data[0].embedding", Float.class));
        float[] f = vector(full.getList("data[0].embedding", Float.class));
        // the same model in two builds: near each other, yet not the same vectors (stored ones name theirs)
        assertThat(cosine(q, f)).isGreaterThan(0.9).isLessThan(0.99999);
    }

    @Test
    void base64IsLittleEndianFloat32AsOpenAiClientsExpect() {
        JsonPath floats = as("dave").body("{\"input\": \"hello world\"}").post("/v1/embeddings")
                .then().statusCode(200).extract().jsonPath();
        String encoded = as("dave").body("{\"input\": \"hello world\", \"encoding_format\": \"base64\"}").post("/v1/embeddings")
                .then().statusCode(200).extract().path("data[0].embedding");
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        List<Float> expected = floats.getList("data[0].embedding", Float.class);
        assertThat(bytes.remaining()).isEqualTo(384 * 4);
        for (Float value : expected) {
            assertThat(bytes.getFloat()).isEqualTo(value);
        }
    }

    @Test
    void badInputIsAClearError() {
        as("dave").body("{\"input\": []}").post("/v1/embeddings")
                .then().statusCode(400).body("code", equalTo("VALIDATION_ERROR")).body("errors[0].field", equalTo("input"));
        as("dave").body("{\"input\": [[1, 2, 3]]}").post("/v1/embeddings")
                .then().statusCode(400).body("errors[0].field", equalTo("input[0]"));
        as("dave").body("{\"input\": \"x\", \"model\": \"no-such-embedder\"}").post("/v1/embeddings")
                .then().statusCode(400).body("code", equalTo("INVALID_MODEL"));
        as("dave").body("{\"input\": \"x\", \"encoding_format\": \"hex\"}").post("/v1/embeddings")
                .then().statusCode(400).body("errors[0].field", equalTo("encoding_format"));
        as("dave").body("{\"input\": \"" + "x".repeat(9000) + "\"}").post("/v1/embeddings")
                .then().statusCode(400).body("errors[0].field", equalTo("input[0]"));
        given().contentType("application/json").body("{\"input\": \"x\"}").post("/v1/embeddings").then().statusCode(401);
    }

    private static float[] vector(List<Float> values) {
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return v;
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double cosine(float[] a, float[] b) {
        return dot(a, b) / (norm(a) * norm(b));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
