package org.vigne.net.secure;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;

/** Where the one cipher transformation of the wire is named. */
final class Ciphers {
    private Ciphers() {
    }

    static Cipher aesGcm() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES/GCM/NoPadding", e);
        }
    }
}
