package org.vigne.net.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * The fixed binary form of a {@link NodeHandle} used in the handshake, where the client tells the
 * server which node it is: id (20), port (u16), host length (u8), host (UTF-8). Binary and
 * independent of the message codec so that the handshake, which runs before any message,
 * depends on nothing negotiable.
 */
public final class HandleBytes {
    /** Longest encoding: id, port, host length and a host of 255 bytes. */
    public static final int MAX_BYTES = Id.BYTES + 3 + 255;

    private HandleBytes() {
    }

    /** Encodes {@code h}; its port must fit 16 bits and its host 255 UTF-8 bytes. */
    public static byte[] encode(NodeHandle h) {
        byte[] host = h.host().getBytes(StandardCharsets.UTF_8);
        if (host.length > 255 || h.port() < 0 || h.port() > 0xFFFF) {
            throw new IllegalArgumentException("handle cannot go on the wire: " + h);
        }
        return ByteBuffer.allocate(Id.BYTES + 3 + host.length)
                .put(h.id().toBytes()).putShort((short) h.port()).put((byte) host.length).put(host)
                .array();
    }

    /** Decodes exactly {@code length} bytes from {@code offset}. */
    public static NodeHandle decode(byte[] b, int offset, int length) throws WireException {
        if (length < Id.BYTES + 3) {
            throw new WireException("node handle truncated: " + length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(b, offset, length);
        byte[] id = new byte[Id.BYTES];
        in.get(id);
        int port = in.getShort() & 0xFFFF;
        int hostLength = in.get() & 0xFF;
        if (in.remaining() != hostLength) {
            throw new WireException("node handle host length " + hostLength + " but " + in.remaining() + " bytes left");
        }
        byte[] host = new byte[hostLength];
        in.get(host);
        return new NodeHandle(Id.fromBytes(id), new String(host, StandardCharsets.UTF_8), port);
    }
}
