package dev.parley.conversation.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures as WhatsApp and Parley's webhook channel and external bots use them ({@code sha256=<hex>}). */
public final class Signatures {

    public static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    public static String sha256Header(String secret, byte[] body) {
        return "sha256=" + hmacHex(secret, body);
    }

    /** Constant-time check of a {@code sha256=<hex>} header. */
    public static boolean verify(String secret, byte[] body, String header) {
        if (secret == null || header == null) {
            return false;
        }
        byte[] expected = sha256Header(secret, body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, header.trim().toLowerCase().getBytes(StandardCharsets.UTF_8));
    }

    /** Constant-time equality of two secrets. */
    public static boolean same(String expected, String given) {
        return expected != null && given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private Signatures() {
    }
}
