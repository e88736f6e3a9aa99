package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A reply button; 1–3 render as quick replies, 4–10 as a list. Ids are generated when not given. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Button(@Size(max = 64) String id, @NotBlank @Size(max = 20) String title) {
}
