package dev.parley.bot.service.tenant;

import dev.parley.bot.ApiKey;

/** A key just issued, with its secret: the only moment the secret exists outside the caller's hands. */
public record IssuedApiKey(ApiKey key, String secret) {
}
