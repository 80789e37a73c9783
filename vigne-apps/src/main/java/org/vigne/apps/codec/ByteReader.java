package org.vigne.apps.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads what {@link ByteWriter} wrote, refusing truncated or malformed input with
 * {@link MalformedException} (bytes from a log or a DHT are checked, never trusted): every length
 * is bounded by the bytes left, strings must be valid UTF-8, and map keys strictly increasing.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;

    public ByteReader(byte[] buf) {
        this.buf = buf;
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public long varLong() {
        long v = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new MalformedException("varint longer than 9 bytes at offset " + pos);
    }

    public int varInt() {
        long v = varLong();
        if (v > Integer.MAX_VALUE) {
            throw new MalformedException("number " + v + " too large at offset " + pos);
        }
        return (int) v;
    }

    /** A count of items that each take at least one byte, so it cannot exceed the bytes left. */
    public int count() {
        int n = varInt();
        if (n > remaining()) {
            throw new MalformedException("count " + n + " exceeds the " + remaining() + " bytes left");
        }
        return n;
    }

    public byte[] raw(int n) {
        need(n);
        byte[] b = new byte[n];
        System.arraycopy(buf, pos, b, 0, n);
        pos += n;
        return b;
    }

    public byte[] bytes() {
        return raw(varInt());
    }

    public String string() {
        byte[] b = bytes();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedException("invalid UTF-8 string before offset " + pos);
        }
    }

    public List<String> strings() {
        int n = count();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(string());
        }
        return out;
    }

    public TreeMap<String, String> stringMap() {
        int n = count();
        TreeMap<String, String> out = new TreeMap<>();
        String last = null;
        for (int i = 0; i < n; i++) {
            String k = string();
            if (last != null && k.compareTo(last) <= 0) {
                throw new MalformedException("map keys out of order at offset " + pos);
            }
            out.put(k, string());
            last = k;
        }
        return out;
    }

    public int remaining() {
        return buf.length - pos;
    }

    /** Fails unless every byte was read. */
    public void end() {
        if (pos != buf.length) {
            throw new MalformedException((buf.length - pos) + " unexpected bytes after the end");
        }
    }

    private void need(int n) {
        if (n < 0 || n > buf.length - pos) {
            throw new MalformedException("truncated: " + n + " bytes needed at offset " + pos + ", " + (buf.length - pos)
                    + " left");
        }
    }
}
