package org.vigne.net.secure;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.vigne.net.wire.Frames;

/**
 * Seals the messages one connection sends: AES-256-GCM under the session key, nonce and
 * additional data built from a per-connection sequence number that starts at 1 and only grows.
 *
 * <p>Encryption keeps values unreadable without the secret; the GCM tag authenticates the
 * frame's bytes and its header (version, kind, sequence number), so the receiver can refuse a
 * forged, altered or replayed frame. Not thread-safe: one sealer belongs to one connection,
 * used on its event loop.
 */
public final class FrameSealer {
    private final SecretKey key;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    private long nextSeq = 1;

    public FrameSealer(SecretKey key) {
        this.key = key;
        this.cipher = Ciphers.aesGcm();
    }

    /** A complete data frame, length prefix included, carrying {@code plain}. */
    public byte[] seal(byte[] plain) {
        long seq = nextSeq++;
        int body = Frames.DATA_OVERHEAD + plain.length;
        byte[] frame = new byte[Frames.LENGTH_BYTES + body];
        putInt(frame, 0, body);
        frame[4] = Frames.VERSION;
        frame[5] = Frames.Kind.DATA.code();
        putLong(frame, 6, seq);
        putLong(nonce, 4, seq);
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(Frames.TAG_BYTES * 8, nonce));
            cipher.updateAAD(frame, Frames.LENGTH_BYTES, Frames.HEADER_BYTES + Frames.SEQ_BYTES);
            cipher.doFinal(plain, 0, plain.length, frame, Frames.LENGTH_BYTES + Frames.HEADER_BYTES + Frames.SEQ_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
        return frame;
    }

    static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (24 - 8 * i));
        }
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
