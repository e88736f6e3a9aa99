package dev.parley.bot.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Set;

public record CreateApiKeyRequest(
        @NotBlank @Size(max = 100) String name,
        @NotEmpty Set<@NotBlank String> scopes,
        Instant expiresAt) {
}
