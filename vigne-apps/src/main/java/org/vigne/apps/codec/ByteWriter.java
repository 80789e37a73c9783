package org.vigne.apps.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes the compact, deterministic binary encodings of application management (specs, file
 * manifests): unsigned varints, length-prefixed UTF-8 strings and byte strings, and sorted maps.
 * The same value always gives the same bytes, so replicas that encode it agree byte for byte.
 */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(64);
    }

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    /** A non-negative long as an unsigned LEB128 varint (1 to 9 bytes for values below 2^63). */
    public ByteWriter varLong(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("varints are non-negative, got " + v);
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter varInt(int v) {
        return varLong(v);
    }

    /** Raw bytes, no length. */
    public ByteWriter raw(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
        return this;
    }

    /** A length-prefixed byte string. */
    public ByteWriter bytes(byte[] b) {
        varInt(b.length);
        return raw(b);
    }

    /** A length-prefixed UTF-8 string. */
    public ByteWriter string(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A counted list of strings. */
    public ByteWriter strings(Collection<String> list) {
        varInt(list.size());
        for (String s : list) {
            string(s);
        }
        return this;
    }

    /** A counted map of strings, in the map's (sorted) order. */
    public ByteWriter stringMap(SortedMap<String, String> map) {
        varInt(map.size());
        for (Map.Entry<String, String> e : map.entrySet()) {
            string(e.getKey());
            string(e.getValue());
        }
        return this;
    }

    public int size() {
        return size;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
