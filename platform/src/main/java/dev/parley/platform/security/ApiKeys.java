package dev.parley.platform.security;

import dev.parley.platform.id.Ids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The API key format: {@code pk_} + 40 base62 characters (about 238 random bits). With that much entropy a
 * plain SHA-256 is the right storage hash: nothing to brute-force, and a lookup is one indexed equality.
 */
public final class ApiKeys {

    public static final String PREFIX = "pk_";
    private static final int SECRET_LENGTH = 40;

    public static String generate() {
        return PREFIX + Ids.random(SECRET_LENGTH);
    }

    public static boolean looksLikeKey(String credential) {
        return credential != null && credential.startsWith(PREFIX);
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** What a listing shows so that people can tell keys apart: {@code pk_AbCd…wxyz}. */
    public static String displayHint(String key) {
        return key.substring(0, PREFIX.length() + 4) + "…" + key.substring(key.length() - 4);
    }

    private ApiKeys() {
    }
}
