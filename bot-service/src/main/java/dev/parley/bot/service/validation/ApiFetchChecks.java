package dev.parley.bot.service.validation;

import com.fasterxml.jackson.core.JsonPointer;
import dev.parley.events.bot.ApiFetch;
import dev.parley.platform.outbound.OutboundGuard;
import dev.parley.platform.outbound.OutboundRefusedException;
import dev.parley.platform.problem.FieldChecks;
import dev.parley.platform.rest.RequestValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an {@link ApiFetch} when it is saved, so that a flow or AI context never holds a call the engine will refuse:
 * the URL (with its {@code {{variable}}} placeholders filled by a harmless word) must pass the outbound guard, and
 * placeholders may not choose the host.
 */
@ApplicationScoped
public class ApiFetchChecks {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]*}}");
    private static final String FILLER = "placeholder0value";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private final OutboundGuard guard;

    public ApiFetchChecks(OutboundGuard guard) {
        this.guard = guard;
    }

    public ApiFetch normalized(ApiFetch fetch) {
        if (fetch == null) {
            return null;
        }
        String method = fetch.method() == null ? "GET" : fetch.method().toUpperCase(Locale.ROOT);
        return new ApiFetch(fetch.url(), method, fetch.headers(), fetch.body(), fetch.responseMapping(), fetch.messagePath());
    }

    public void check(String field, ApiFetch fetch, FieldChecks checks) {
        if (!checks.required(field + ".url", fetch.url())) {
            return;
        }
        checks.maxLength(field + ".url", fetch.url(), 2048);
        checks.template(field + ".url", fetch.url(), 2048);
        checkUrl(field + ".url", fetch.url(), checks);
        if (fetch.method() != null && !METHODS.contains(fetch.method())) {
            checks.add(field + ".method", "must be one of: GET, POST, PUT, PATCH, DELETE");
        }
        if (fetch.headers() != null) {
            if (fetch.headers().size() > 20) {
                checks.add(field + ".headers", "must have at most 20 headers");
            }
            fetch.headers().forEach((name, value) -> {
                if (name.isBlank() || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}")) {
                    checks.add(field + ".headers", "has an invalid header name '" + name + "'");
                }
                checks.template(field + ".headers." + name, value, 4096);
            });
        }
        checks.template(field + ".body", fetch.body(), 10_000);
        if (fetch.responseMapping() != null) {
            checks.maxItems(field + ".responseMapping", List.copyOf(fetch.responseMapping().keySet()), 50);
            for (Map.Entry<String, String> mapping : fetch.responseMapping().entrySet()) {
                if (!FieldChecks.VARIABLE.matcher(mapping.getKey()).matches()) {
                    checks.add(field + ".responseMapping", "'" + mapping.getKey() + "' is not a variable name");
                }
                pointer(field + ".responseMapping." + mapping.getKey(), mapping.getValue(), checks);
            }
        }
        if (fetch.messagePath() != null) {
            pointer(field + ".messagePath", fetch.messagePath(), checks);
        }
    }

    private static void pointer(String field, String value, FieldChecks checks) {
        try {
            if (value == null || !value.isEmpty() && !value.startsWith("/")) {
                throw new IllegalArgumentException();
            }
            JsonPointer.compile(value);
        } catch (IllegalArgumentException e) {
            checks.add(field, "must be a JSON Pointer such as /order/status");
        }
    }

    private void checkUrl(String field, String url, FieldChecks checks) {
        String filled = PLACEHOLDER.matcher(RequestValues.withoutNul(url).strip()).replaceAll(FILLER); // as the guard reads it
        try {
            String host = URI.create(filled).getHost();
            if (host != null && host.contains(FILLER)) {
                checks.add(field, "must have a fixed host; placeholders may only appear in the path and query");
                return;
            }
        } catch (IllegalArgumentException e) {
            checks.add(field, "is not a valid URL");
            return;
        }
        try {
            guard.check(filled);
        } catch (OutboundRefusedException e) {
            checks.add(field, e.getMessage());
        }
    }
}
