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

    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private RequestValues() {
    }
}
