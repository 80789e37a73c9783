package org.vigne.net.secure;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;
import org.vigne.net.secure.FrameRejectedException.Reason;
import org.vigne.net.wire.Frames;

/**
 * Opens the data frames one connection receives, the inverse of {@link FrameSealer}: verifies
 * the AES-GCM tag over header and ciphertext, then accepts the frame only if its sequence number
 * is exactly one above the last accepted one: a captured frame replayed on the same connection is
 * refused, and so is a frame that follows a gap, so a man in the middle cannot drop chosen frames.
 * A frame from another connection fails the tag check, since each connection has its own key.
 * Not thread-safe: one opener per connection.
 */
public final class FrameOpener {
    private final SecretKey key;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    private long lastSeq;

    public FrameOpener(SecretKey key) {
        this.key = key;
        this.cipher = Ciphers.aesGcm();
    }

    /**
     * The message bytes of the data frame in {@code frame[offset, offset + length)} (length prefix
     * already removed).
     */
    public byte[] open(byte[] frame, int offset, int length) throws FrameRejectedException {
        int sealed = Frames.HEADER_BYTES + Frames.SEQ_BYTES;
        if (length < Frames.DATA_OVERHEAD) {
            throw new FrameRejectedException(Reason.MALFORMED, "data frame of " + length + " bytes is too short");
        }
        if (frame[offset] != Frames.VERSION || frame[offset + 1] != Frames.Kind.DATA.code()) {
            throw new FrameRejectedException(Reason.MALFORMED, "not a version " + Frames.VERSION + " data frame");
        }
        long seq = 0;
        for (int i = 0; i < Frames.SEQ_BYTES; i++) {
            seq = (seq << 8) | (frame[offset + Frames.HEADER_BYTES + i] & 0xFF);
        }
        FrameSealer.putLong(nonce, 4, seq);
        byte[] plain;
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(Frames.TAG_BYTES * 8, nonce));
            cipher.updateAAD(frame, offset, sealed);
            plain = cipher.doFinal(frame, offset + sealed, length - sealed);
        } catch (AEADBadTagException e) {
            throw new FrameRejectedException(Reason.FORGED, "AES-GCM tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new FrameRejectedException(Reason.MALFORMED, "cannot open frame: " + e.getMessage());
        }
        if (seq <= lastSeq) {
            throw new FrameRejectedException(Reason.REPLAYED,
                    "sequence number " + seq + ", last accepted " + lastSeq);
        }
        if (seq != lastSeq + 1) {
            throw new FrameRejectedException(Reason.GAP,
                    "sequence number " + seq + " after " + lastSeq + ": " + (seq - lastSeq - 1) + " frames missing");
        }
        lastSeq = seq;
        return plain;
    }
}
