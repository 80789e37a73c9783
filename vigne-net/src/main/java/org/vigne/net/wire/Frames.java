package org.vigne.net.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The layout of a frame on a Vigne TCP connection; the one place the wire version lives.
 *
 * <pre>
 *   length   u32  bytes that follow: at most {@link #HANDSHAKE_MAX_FRAME_BYTES} until the handshake
 *                 completes, then at most the configured maximum (2 MiB by default)
 *   version  u8   {@link #VERSION}
 *   kind     u8   one of {@link Kind}
 *   body          SERVER_HELLO: server nonce (32)
 *                 CLIENT_AUTH:  client nonce (32), client proof (32), client handle
 *                 SERVER_AUTH:  server proof (32)
 *                 DATA:         sequence number (u64), AES-256-GCM ciphertext of one message, tag (16)
 * </pre>
 */
public final class Frames {
    /** Version of this layout; a frame of another version is refused. */
    public static final byte VERSION = 1;
    /** Bytes of the length prefix. */
    public static final int LENGTH_BYTES = 4;
    /** Version and kind. */
    public static final int HEADER_BYTES = 2;
    /** Default largest frame (after the length prefix). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 2 * 1024 * 1024;
    /** Bytes of each side's handshake nonce. */
    public static final int NONCE_BYTES = 32;
    /** Bytes of an HMAC-SHA256 proof. */
    public static final int PROOF_BYTES = 32;
    /** Bytes of a data frame's sequence number. */
    public static final int SEQ_BYTES = 8;
    /** Bytes of the AES-GCM authentication tag. */
    public static final int TAG_BYTES = 16;
    /**
     * Largest frame accepted before the handshake completes: a CLIENT_AUTH with the longest
     * handle. An unauthenticated peer can make a node buffer no more than this.
     */
    public static final int HANDSHAKE_MAX_FRAME_BYTES = HEADER_BYTES + NONCE_BYTES + PROOF_BYTES + HandleBytes.MAX_BYTES;
    /** Bytes a data frame adds to its message's encoding, length prefix excluded. */
    public static final int DATA_OVERHEAD = HEADER_BYTES + SEQ_BYTES + TAG_BYTES;

    /** What a frame is for; the numbers are the wire values. */
    public enum Kind {
        /** Server to client, first: the server's fresh nonce. */
        SERVER_HELLO(1),
        /** Client to server: the client's nonce, its proof of the secret, its handle. */
        CLIENT_AUTH(2),
        /** Server to client: the server's proof of the secret. */
        SERVER_AUTH(3),
        /** Client to server: one sealed message. */
        DATA(4);

        private final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }

        public byte code() {
            return code;
        }

        /** The kind with wire value {@code code}, or null. */
        public static Kind of(byte code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            return null;
        }
    }

    private Frames() {
    }

    /** A complete handshake frame, length prefix included, from its body parts. */
    public static ByteBuf handshake(Kind kind, byte[]... parts) {
        int body = HEADER_BYTES;
        for (byte[] p : parts) {
            body += p.length;
        }
        ByteBuf buf = Unpooled.buffer(LENGTH_BYTES + body);
        buf.writeInt(body).writeByte(VERSION).writeByte(kind.code());
        for (byte[] p : parts) {
            buf.writeBytes(p);
        }
        return buf;
    }
}
