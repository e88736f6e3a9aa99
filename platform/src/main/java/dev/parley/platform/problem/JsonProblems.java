package dev.parley.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.parley.platform.json.JsonNames;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** Says what is wrong with a JSON document in the client's terms: the field's path and what it should be. */
public final class JsonProblems {

    public static ProblemException of(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return ProblemException.validation(path(unknown), "unknown field; allowed: " + unknown.getKnownPropertyIds()
                    .stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        }
        if (e instanceof InvalidFormatException invalid) {
            return ProblemException.validation(path(invalid), expectation(invalid.getTargetType()));
        }
        if (e instanceof ValueInstantiationException instantiation) {
            String reason = instantiation.getCause() != null ? instantiation.getCause().getMessage() : "is invalid";
            return ProblemException.validation(path(instantiation), reason);
        }
        if (e instanceof MismatchedInputException mismatched) {
            if (mismatched.getPath().isEmpty()) {
                return ProblemException.badRequest("MALFORMED_JSON", "The request body must be a JSON object.");
            }
            return ProblemException.validation(path(mismatched), expectation(mismatched.getTargetType()));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return ProblemException.validation(path(mapping), "is invalid");
        }
        var location = e.getLocation();
        String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return ProblemException.badRequest("MALFORMED_JSON", "The request body is not valid JSON" + where + ".");
    }

    /** {@code functions[0].name} from Jackson's reference chain. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    static String expectation(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type.isEnum()) {
            return "must be one of: " + JsonNames.allOf(type);
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be an integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "must be an ISO-8601 timestamp";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be an object";
        }
        return "has the wrong type";
    }

    private JsonProblems() {
    }
}
