package org.vigne.net.secure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret shared by every node of a grid, from which all handshake proofs and session keys are
 * derived with HMAC-SHA256.
 *
 * <p>Only a key derived from the secret is kept ({@code HMAC(secret, "vigne cluster key v1")}),
 * and {@link #toString} never shows it. The secret should be high-entropy (e.g. 32 random bytes):
 * a peer that sees a handshake proof can test guesses of a weak secret offline.
 */
public final class ClusterSecret {
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;

    private ClusterSecret(byte[] secret) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("the cluster secret must not be empty");
        }
        this.key = new SecretKeySpec(hmac(new SecretKeySpec(secret, HMAC),
                "vigne cluster key v1".getBytes(StandardCharsets.UTF_8)), HMAC);
    }

    /** The secret given as text (UTF-8). */
    public static ClusterSecret of(String secret) {
        return new ClusterSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The secret given as bytes. */
    public static ClusterSecret of(byte[] secret) {
        return new ClusterSecret(secret.clone());
    }

    /**
     * HMAC-SHA256 under the cluster key of {@code label} and then each part, every one prefixed
     * with its length so that distinct inputs can never produce the same MAC input.
     */
    public byte[] mac(String label, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            update(mac, label.getBytes(StandardCharsets.UTF_8));
            for (byte[] p : parts) {
                update(mac, p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** Constant-time comparison of two MACs. */
    public static boolean sameMac(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    private static void update(Mac mac, byte[] part) {
        mac.update(new byte[] {(byte) (part.length >>> 24), (byte) (part.length >>> 16),
                (byte) (part.length >>> 8), (byte) part.length});
        mac.update(part);
    }

    private static byte[] hmac(SecretKeySpec k, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(k);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[hidden]";
    }
}
