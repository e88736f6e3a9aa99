package dev.parley.platform.problem;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parley's one way of checking a request: the body is read into a typed record (Jackson refuses wrong types, unknown
 * fields and unknown enum values, naming the field), and what the types cannot say is checked here, in the service.
 * Every problem is collected so that one {@code VALIDATION_ERROR} lists them all, sorted by field.
 */
public final class FieldChecks {

    public static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,127}");

    private final List<FieldError> errors = new ArrayList<>();

    public void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    public boolean required(String field, Object value) {
        if (value == null || value instanceof String s && s.isBlank() || value instanceof Collection<?> c && c.isEmpty()) {
            add(field, "is required");
            return false;
        }
        return true;
    }

    public void maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            add(field, "must be at most " + max + " characters");
        }
    }

    /** A text that, when given, has {@code min} to {@code max} characters (an update may not blank a name). */
    public void length(String field, String value, int min, int max) {
        if (value != null && (value.length() < min || value.length() > max)) {
            add(field, min == 0 ? "must be at most " + max + " characters"
                    : "must be between " + min + " and " + max + " characters");
        }
    }

    /** A required text of at most {@code max} characters. */
    public void requiredText(String field, String value, int max) {
        if (required(field, value)) {
            maxLength(field, value, max);
        }
    }

    public void maxItems(String field, List<?> list, int max) {
        if (list != null && list.size() > max) {
            add(field, "must have at most " + max + " items");
        }
    }

    public void decimalRange(String field, Double value, double min, double max) {
        if (value != null && (value < min || value > max)) {
            add(field, "must be between " + number(min) + " and " + number(max));
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    public void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            add(field, "must be between " + min + " and " + max);
        }
    }

    /** A list of short, non-blank words or phrases (keywords, triggers). */
    public void phrases(String field, List<String> values, int maxItems) {
        if (values == null) {
            return;
        }
        maxItems(field, values, maxItems);
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || value.isBlank()) {
                add(field + "[" + i + "]", "must not be blank");
            } else {
                maxLength(field + "[" + i + "]", value, 200);
            }
        }
    }

    /** Text that may hold {@code {{variable}}} placeholders: each must name a variable. */
    public void template(String field, String text, int max) {
        if (text == null) {
            return;
        }
        maxLength(field, text, max);
        Matcher m = PLACEHOLDER.matcher(text);
        int end = 0;
        while (m.find()) {
            if (!PLACEHOLDER_NAME.matcher(m.group(1)).matches()) {
                add(field, "has a placeholder {{" + m.group(1) + "}} that is not a variable name");
            }
            end = m.end();
        }
        if (text.indexOf("{{", end) >= 0) {
            add(field, "has a {{ placeholder that is not closed with }}");
        }
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw ProblemException.validation(errors);
        }
    }
}
