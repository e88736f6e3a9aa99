package dev.parley.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem document with Parley's stable machine {@code code}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String code, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String title, String detail, List<FieldError> errors) {
        return new Problem(typeFor(code), title, status, detail, code, errors == null ? List.of() : errors);
    }

    /** A stable, documentable URI per code, e.g. {@code https://parley.dev/problems/bot-not-found}. */
    static String typeFor(String code) {
        return "https://parley.dev/problems/" + code.toLowerCase().replace('_', '-');
    }
}
