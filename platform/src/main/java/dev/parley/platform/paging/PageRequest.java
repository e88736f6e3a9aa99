package dev.parley.platform.paging;

import dev.parley.platform.problem.FieldError;
import dev.parley.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code page} (from 1) and {@code perPage} (1–100, default 20; {@code per_page} accepted too). A page starts at most
 * {@link Integer#MAX_VALUE} items in, the furthest a query can skip.
 */
public record PageRequest(int page, int perPage) {

    public static final int DEFAULT_PER_PAGE = 20;
    public static final int MAX_PER_PAGE = 100;

    /** Parses the raw query values so that non-numbers answer VALIDATION_ERROR rather than a framework 404. */
    public static PageRequest of(String page, String perPage, String perPageSnake) {
        List<FieldError> errors = new ArrayList<>();
        int p = parse("page", page, 1, 1, Integer.MAX_VALUE, errors);
        String size = perPage != null ? perPage : perPageSnake;
        int s = parse(perPage != null ? "perPage" : "per_page", size, DEFAULT_PER_PAGE, 1, MAX_PER_PAGE, errors);
        if (errors.isEmpty() && p > lastPage(s)) {
            errors.add(new FieldError("page", "must be between 1 and " + lastPage(s) + " with " + s + " per page"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new PageRequest(p, s);
    }

    public int offset() {
        return (page - 1) * perPage;
    }

    /** The last page whose offset a query can take. */
    private static int lastPage(int perPage) {
        return Integer.MAX_VALUE / perPage;
    }

    private static int parse(String name, String raw, int fallback, int min, int max, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip()); // spaces only: "2%00" is not a number (trim() would drop the NUL)
            if (value < min || value > max) {
                errors.add(new FieldError(name, "must be between " + min + " and " + max));
            }
            return value;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "must be an integer"));
            return fallback;
        }
    }
}
