package dev.parley.platform.problem;

/** One invalid input: the JSON path of the field and what is wrong with it. */
public record FieldError(String field, String message) {
}
