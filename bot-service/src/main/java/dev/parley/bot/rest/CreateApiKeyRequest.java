package dev.parley.bot.rest;

import dev.parley.platform.problem.CheckedRequest;
import dev.parley.platform.problem.FieldChecks;
import java.time.Instant;
import java.util.Set;

public record CreateApiKeyRequest(String name, Set<String> scopes, Instant expiresAt) implements CheckedRequest {

    @Override
    public void check(FieldChecks checks) {
        checks.requiredText("name", name, 100);
        if (checks.required("scopes", scopes) && scopes.stream().anyMatch(s -> s == null || s.isBlank())) {
            checks.add("scopes", "must not hold a blank scope");
        }
    }
}
