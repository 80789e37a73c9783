package org.vigne.net.exec;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vigne.apps.spec.Names;

/**
 * Tokens scoped to one application, given to its components as {@code VIGNE_TOKEN}: an
 * HMAC-SHA256 of the application id under the node's control token. The node's control API
 * accepts such a token for that application's endpoints only, and can check one without
 * storing anything; a component never sees the node's own control token, and a token leaked by
 * one application opens nothing of another. Tokens change when the node restarts (its control
 * token does), as its components do not outlive it.
 */
public final class AppTokens {
    /** Prefix of every application token, so logs and the control API tell them from the node's token. */
    public static final String PREFIX = "app1-";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** Tokens derived from the node's {@code controlToken} (the secret in its {@code control-token} file). */
    public AppTokens(String controlToken) {
        if (controlToken == null || controlToken.length() < 16) {
            throw new IllegalArgumentException("application tokens need the node's control token (16 characters or more)");
        }
        this.key = new SecretKeySpec(controlToken.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /** The token of {@code appId}. */
    public String tokenFor(String appId) {
        return PREFIX + HexFormat.of().formatHex(mac(Names.requireAppId(appId)));
    }

    /** True when {@code token} is the token of {@code appId} (compared in constant time). */
    public boolean verify(String appId, String token) {
        if (token == null || !Names.isAppId(appId)) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(appId).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] mac(String appId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(("vigne application token\0" + appId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }
}
