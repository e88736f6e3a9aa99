package dev.parley.llm.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.llm.service.embedding.EmbeddingService;
import dev.parley.platform.problem.ProblemException;
import dev.parley.platform.rest.RequestValues;
import dev.parley.platform.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

/** OpenAI's embeddings API, so any OpenAI client can use it with a Parley API key. */
@Path("/v1/embeddings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Embeddings")
public class EmbeddingResource {

    public record EmbeddingRequest(String model, JsonNode input, @JsonProperty("encoding_format") String encodingFormat,
            Integer dimensions, String user) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmbeddingData(String object, int index, Object embedding) {
    }

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {
    }

    public record EmbeddingList(String object, List<EmbeddingData> data, String model, Usage usage) {
    }

    private final EmbeddingService embeddings;

    public EmbeddingResource(EmbeddingService embeddings) {
        this.embeddings = embeddings;
    }

    @POST
    @RolesAllowed(Scopes.LLM_USE)
    @Operation(summary = "Create embeddings (OpenAI-compatible)",
            description = "`input`: a string or an array of strings. Default model: all-minilm-l6-v2-q (int8), in-process; all-minilm-l6-v2 (float32) is the other in-process model.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "sentence",
            value = "{\"input\": \"How long does shipping take?\"}")))
    public EmbeddingList create(@RestHeader(UsageResource.BOT_HEADER) String botId,
            @RestHeader(UsageResource.CONVERSATION_HEADER) String conversationId, EmbeddingRequest body) {
        EmbeddingRequest request = RequestValues.requiredBody(body);
        boolean base64 = parseEncoding(request.encodingFormat());
        EmbeddingService.Result result = embeddings.embed(request.model(), inputs(request.input()), request.dimensions(),
                UsageResource.billedId("bot", UsageResource.BOT_HEADER, botId),
                UsageResource.billedId("conv", UsageResource.CONVERSATION_HEADER, conversationId));
        List<EmbeddingData> data = new ArrayList<>(result.vectors().size());
        for (int i = 0; i < result.vectors().size(); i++) {
            float[] vector = result.vectors().get(i);
            data.add(new EmbeddingData("embedding", i, base64 ? toBase64(vector) : vector));
        }
        return new EmbeddingList("list", data, result.model(), new Usage(result.tokens(), result.tokens()));
    }

    private static List<String> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw ProblemException.validation("input", "is required");
        }
        if (input.isTextual()) {
            return List.of(input.textValue());
        }
        if (input.isArray() && !input.isEmpty()) {
            List<String> texts = new ArrayList<>(input.size());
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isTextual()) {
                    throw ProblemException.validation("input[" + i + "]", "must be a string (token arrays are not supported)");
                }
                texts.add(input.get(i).textValue());
            }
            return texts;
        }
        throw ProblemException.validation("input", "must be a string or a non-empty array of strings");
    }

    private static boolean parseEncoding(String format) {
        if (format == null || format.equals("float")) {
            return false;
        }
        if (format.equals("base64")) {
            return true;
        }
        throw ProblemException.validation("encoding_format", "must be one of: float, base64");
    }

    /** OpenAI's base64 form: the float32 values, little-endian, base64-encoded. */
    static String toBase64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
