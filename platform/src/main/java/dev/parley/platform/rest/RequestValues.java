package dev.parley.platform.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.platform.problem.ProblemException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Reading what a request sent, with the same clear errors everywhere. */
public final class RequestValues {

    /** A JSON body the operation cannot do without. */
    public static <T> T requiredBody(T body) {
        if (body == null) {
            throw ProblemException.badRequest("MALFORMED_JSON", "The request needs a JSON object body.");
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
            if (jsonName(constant).equals(value)) {
                return constant;
            }
        }
        throw ProblemException.validation(parameter, "must be one of: " + jsonNames(type));
    }

    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The comma-separated JSON names of an enum's constants, e.g. {@code internal, external}. */
    public static String jsonNames(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> jsonName((Enum<?>) c)).collect(Collectors.joining(", "));
    }

    /** The name an enum constant has in JSON: its {@code @JsonProperty} value, else its Java name. */
    public static String jsonName(Enum<?> constant) {
        try {
            JsonProperty property = constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
            return property != null ? property.value() : constant.name();
        } catch (NoSuchFieldException impossible) {
            return constant.name();
        }
    }

    private RequestValues() {
    }
}
