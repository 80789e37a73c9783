package org.vigne.apps.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.MalformedException;
import org.vigne.core.Id;

/**
 * What the files DHT holds under a file's name: its kind, whether it is complete, its size, how
 * it is chunked, and the SHA-256 of its content. A writer stores the manifest as {@code WRITING}
 * before the first chunk and as {@code COMPLETE} after the last, so chunks never exist that no
 * manifest accounts for, and a reader never assembles a half-written file.
 *
 * <p>Chunk {@code i} lives at {@link #chunkKey(Id, int)}: a key derived from the file's manifest
 * key, its content hash and {@code i}, so chunks of different contents of one name never collide.
 */
public record Manifest(Kind kind, boolean complete, long size, int chunkBytes, int chunkCount, byte[] sha256) {
    private static final int VERSION = 1;
    /** Bytes of a SHA-256 digest. */
    public static final int HASH_BYTES = 32;

    /** What a stored file holds. */
    public enum Kind {
        /** A plain byte blob. */
        BLOB,
        /** An encoded {@link FileSet}: a directory (a checkpoint, the outputs of an instance). */
        DIRECTORY
    }

    public Manifest {
        if (kind == null || sha256 == null || sha256.length != HASH_BYTES || size < 0 || chunkBytes < 1) {
            throw new IllegalArgumentException("bad manifest");
        }
        if (chunkCount != chunksFor(size, chunkBytes)) {
            throw new IllegalArgumentException("a manifest of " + size + " bytes in chunks of " + chunkBytes + " has "
                    + chunksFor(size, chunkBytes) + " chunks, not " + chunkCount);
        }
        sha256 = sha256.clone();
    }

    /** The manifest of {@code content} cut into chunks of {@code chunkBytes}, not yet complete. */
    public static Manifest writing(Kind kind, byte[] content, int chunkBytes) {
        return new Manifest(kind, false, content.length, chunkBytes, chunksFor(content.length, chunkBytes), sha256(content));
    }

    /** This manifest, marked complete. */
    public Manifest completed() {
        return new Manifest(kind, true, size, chunkBytes, chunkCount, sha256);
    }

    /** Same content (kind, size, chunking, hash), whatever the state. */
    public boolean sameContent(Manifest o) {
        return kind == o.kind && size == o.size && chunkBytes == o.chunkBytes && Arrays.equals(sha256, o.sha256);
    }

    /** True when {@code content} has this manifest's size and hash. */
    public boolean matches(byte[] content) {
        return content.length == size && Arrays.equals(sha256(content), sha256);
    }

    /** A copy of the SHA-256 of the content. */
    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** The key of chunk {@code index} of this content under {@code manifestKey}. */
    public Id chunkKey(Id manifestKey, int index) {
        byte[] k = new ByteWriter(64).raw(manifestKey.toBytes()).raw(sha256).varInt(index).toByteArray();
        return Id.sha1(k);
    }

    /** The hash as hex, for messages. */
    public String hashHex() {
        return HexFormat.of().formatHex(sha256);
    }

    public byte[] encode() {
        return new ByteWriter(64).u8(VERSION).u8(kind.ordinal()).u8(complete ? 1 : 0).varLong(size).varInt(chunkBytes)
                .varInt(chunkCount).raw(sha256).toByteArray();
    }

    public static Manifest decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int version = r.u8();
        if (version != VERSION) {
            throw new MalformedException("manifest version " + version + ", this node reads " + VERSION);
        }
        int kind = r.u8();
        int complete = r.u8();
        if (kind >= Kind.values().length || complete > 1) {
            throw new MalformedException("bad manifest kind or state");
        }
        long size = r.varLong();
        int chunkBytes = r.varInt();
        int chunkCount = r.varInt();
        byte[] hash = r.raw(HASH_BYTES);
        r.end();
        try {
            return new Manifest(Kind.values()[kind], complete == 1, size, chunkBytes, chunkCount, hash);
        } catch (IllegalArgumentException e) {
            throw new MalformedException(e.getMessage());
        }
    }

    static int chunksFor(long size, int chunkBytes) {
        return (int) ((size + chunkBytes - 1) / chunkBytes);
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && m.complete == complete && m.chunkCount == chunkCount && sameContent(m);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256) * 31 + (complete ? 1 : 0);
    }

    @Override
    public String toString() {
        return "Manifest[" + kind + (complete ? "" : ", writing") + ", " + size + " bytes, " + chunkCount + " chunks, sha256 "
                + hashHex().substring(0, 12) + "]";
    }
}
