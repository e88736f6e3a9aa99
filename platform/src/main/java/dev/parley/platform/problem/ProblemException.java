package dev.parley.platform.problem;

import java.util.List;
import java.util.Map;

/**
 * Thrown anywhere to answer the request with a problem document. The factories name the situations
 * the API conventions define; the mapper turns every one of them into {@code application/problem+json}.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(int status, String code, String title, String detail, List<FieldError> errors,
            Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of(), Map.of());
    }

    public static ProblemException validation(List<FieldError> errors) {
        return new ProblemException(400, "VALIDATION_ERROR", "Invalid request",
                "The request has invalid fields; see errors.", errors, Map.of());
    }

    public static ProblemException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, "Bad request", detail);
    }

    public static ProblemException badRequest(String code, String field, String detail) {
        return new ProblemException(400, code, "Bad request", detail, List.of(new FieldError(field, detail)), Map.of());
    }

    /** 404 with a {@code <THING>_NOT_FOUND} code; also the answer for another tenant's objects. */
    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, "Not found", detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(403, code, "Forbidden", detail);
    }

    /**
     * 400 {@code INVALID_CHARACTER}: a value holds the NUL character, which PostgreSQL cannot store or compare. Usually
     * PostgreSQL's own refusal becomes this ({@link ProblemMappers}); thrown directly for a value the database never
     * sees as text (one stored encrypted, or only passed on in an event).
     */
    public static ProblemException invalidCharacter() {
        return badRequest("INVALID_CHARACTER", "A value contains the NUL character (\\u0000 or %00), which Parley "
                + "cannot store or look up; remove it.");
    }

    public Problem toProblem() {
        return Problem.of(status, code, title, getMessage(), errors);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
