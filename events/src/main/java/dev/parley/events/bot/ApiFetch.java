package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * An HTTP call made through the outbound guard (an {@code api_fetch} flow step or an {@code api} AI context).
 * {@code url}, {@code headers} and {@code body} may hold {@code {{variable}}} placeholders. {@code responseMapping}
 * maps session variable names to JSON Pointers into the response ({@code "orderStatus": "/order/status"});
 * {@code messagePath} points at the text to send (or use as AI context); without it the whole body is used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiFetch(String url, String method, Map<String, String> headers, String body,
        Map<String, String> responseMapping, String messagePath) {
}
