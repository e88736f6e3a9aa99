package dev.parley.platform.rest;

import dev.parley.platform.json.JsonNames;
import dev.parley.platform.problem.CheckedRequest;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.problem.ProblemException;

/** Reading what a request sent, with the same clear errors everywhere. */
public final class RequestValues {

    /** RFC 7386's media type: every PATCH takes it as well as {@code application/json} (the same merge patch). */
    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    /** A JSON body the operation cannot do without; one that is a {@link CheckedRequest} is checked too. */
    public static <T> T requiredBody(T body) {
        if (body == null) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The request needs a JSON object body.");
        }
        if (body instanceof CheckedRequest checked) {
            FieldChecks checks = new FieldChecks();
            checked.check(checks);
            checks.throwIfAny();
        }
        return body;
    }

    /** An optional query parameter naming an enum constant by its JSON name; null when absent or blank. */
    public static <E extends Enum<E>> E optionalEnum(Class<E> type, String parameter, String raw) {
        String value = blankToNull(raw);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (JsonNames.of(constant).equals(value)) {
                return constant;
            }
        }
        throw ProblemException.validation(parameter, "must be one of: " + JsonNames.allOf(type));
    }

    /**
     * A client's value without the whitespace around it ({@link String#strip()}, the same whitespace as
     * {@link String#isBlank()}); null when absent or blank. Never {@link String#trim()}: it also drops NUL and the other
     * control characters at either end, and a value must be refused for those (a NUL is {@code INVALID_CHARACTER}
     * wherever it sits), not quietly shortened.
     */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Refuses a value holding NUL with {@link ProblemException#invalidCharacter()}, as PostgreSQL's refusal of it is
     * answered: for a value the database never sees as text (stored encrypted, or only passed on in an event).
     */
    public static String withoutNul(String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw ProblemException.invalidCharacter();
        }
        return value;
    }

    private RequestValues() {
    }
}
