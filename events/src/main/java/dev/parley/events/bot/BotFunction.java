package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A function the model may call: a JSON-Schema parameter definition and the HTTP endpoint that executes it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotFunction(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 letters, digits, '_' or '-'") String name,
        @Size(max = 1024) String description,
        @NotNull Map<String, Object> parameters,
        @Valid Endpoint endpoint) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Endpoint(@NotBlank @Size(max = 2048) String url,
            @Pattern(regexp = "GET|POST|PUT|PATCH|DELETE", message = "must be GET, POST, PUT, PATCH or DELETE") String method,
            Map<String, String> headers) {
    }
}
