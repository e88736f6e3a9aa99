package dev.parley.platform.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.platform.problem.JsonProblems;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Reads the JSON body of an {@link AcceptsSnakeCase} resource with its snake_case keys in camelCase. Server side
 * only: REST clients ignore name binding, so without the constraint every answer a service's REST client reads
 * (llm-gateway's {@code tool_calls}, say) would be rewritten too.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER)
@AcceptsSnakeCase
public class SnakeCaseAliases implements ReaderInterceptor {

    private final ObjectMapper json;

    public SnakeCaseAliases(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getMediaType() != null && MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType())) {
            byte[] body = context.getInputStream().readAllBytes();
            if (body.length > 0) {
                JsonNode tree;
                try {
                    tree = json.readTree(body);
                } catch (JsonProcessingException e) {
                    throw JsonProblems.of(e);
                }
                body = json.writeValueAsBytes(tree == null ? null : CamelCaseKeys.camelCase(tree));
            }
            context.setInputStream(new ByteArrayInputStream(body));
        }
        return context.proceed();
    }
}
