package dev.parley.platform.id;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Opaque, prefixed, unguessable ids: {@code bot_} + 22 base62 characters (about 131 random bits).
 * <p>
 * The bits come from a stripe of DRBG generators (NIST SP 800-90A, seeded once from the operating system), one
 * chosen per thread: an id costs one short, uncontended generator call instead of 22 calls on one shared,
 * synchronized {@code NativePRNG} (which showed up as threads blocked on id generation under load).
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int LENGTH = 22;
    private static final SecureRandom[] STRIPES = new SecureRandom[Integer.highestOneBit(
            Math.max(4, Runtime.getRuntime().availableProcessors() * 4) - 1) << 1];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = drbg();
        }
    }

    public static String generate(String prefix) {
        char[] out = new char[prefix.length() + 1 + LENGTH];
        prefix.getChars(0, prefix.length(), out, 0);
        out[prefix.length()] = '_';
        fill(out, prefix.length() + 1, LENGTH);
        return new String(out);
    }

    /** {@code length} base62 characters from a cryptographic source. */
    public static String random(int length) {
        char[] out = new char[length];
        fill(out, 0, length);
        return new String(out);
    }

    /**
     * Fills {@code length} characters with base62 digits: each comes from one random byte, bytes of 248 and above
     * (which would bias the digits) are drawn again, so every character is uniform.
     */
    private static void fill(char[] out, int from, int length) {
        SecureRandom random = STRIPES[(int) Thread.currentThread().threadId() & (STRIPES.length - 1)];
        byte[] bytes = new byte[length + 8];
        int filled = 0;
        while (filled < length) {
            random.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < length; i++) {
                int b = bytes[i] & 0xff;
                if (b < 248) {
                    out[from + filled++] = ALPHABET[b % 62];
                }
            }
        }
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** Whether {@code id} could have been made by {@link #generate} with this prefix; cheap rejection of junk ids. */
    public static boolean looksLike(String prefix, String id) {
        if (id == null || id.length() != prefix.length() + 1 + LENGTH || !id.startsWith(prefix + "_")) {
            return false;
        }
        for (int i = prefix.length() + 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
                return false;
            }
        }
        return true;
    }

    private Ids() {
    }
}
