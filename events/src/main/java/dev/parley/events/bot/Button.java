package dev.parley.events.bot;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A reply button; 1–3 render as quick replies, 4–10 as a list. Ids are generated when not given. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Button(String id, String title) {
}
