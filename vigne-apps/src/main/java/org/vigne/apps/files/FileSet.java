package org.vigne.apps.files;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.spec.Names;

/**
 * A set of files by relative path ({@code out/result.csv}), with their bytes: a component's
 * inputs, a checkpoint directory, collected outputs. Immutable (the bytes are copied in and out),
 * sorted by path, equal by content, so the same files always encode to the same bytes.
 */
public final class FileSet {
    private static final FileSet EMPTY = new FileSet(new TreeMap<>());
    private static final int ENCODING_VERSION = 1;

    private final SortedMap<String, byte[]> files;
    private final long totalBytes;

    private FileSet(TreeMap<String, byte[]> files) {
        this.files = Collections.unmodifiableSortedMap(files);
        long total = 0;
        for (byte[] b : files.values()) {
            total += b.length;
        }
        this.totalBytes = total;
    }

    public static FileSet empty() {
        return EMPTY;
    }

    /** The files of {@code byPath}; every path must be a safe relative path. */
    public static FileSet of(Map<String, byte[]> byPath) {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : byPath.entrySet()) {
            String problem = Names.relativePathProblem(e.getKey());
            if (problem != null) {
                throw new IllegalArgumentException("file path " + e.getKey() + " " + problem);
            }
            copy.put(e.getKey(), e.getValue().clone());
        }
        String clash = fileUsedAsDirectory(copy);
        if (clash != null) {
            throw new IllegalArgumentException("file path " + clash + " is both a file and a directory");
        }
        return copy.isEmpty() ? EMPTY : new FileSet(copy);
    }

    /** One file. */
    public static FileSet of(String path, byte[] content) {
        return of(Map.of(path, content));
    }

    /** These files with {@code path} holding {@code content} (replacing a file of that path). */
    public FileSet with(String path, byte[] content) {
        Map<String, byte[]> copy = new TreeMap<>(files);
        copy.put(path, content);
        return of(copy);
    }

    /** These files without {@code path} (this set when it holds none). */
    public FileSet without(String path) {
        if (!files.containsKey(path)) {
            return this;
        }
        Map<String, byte[]> copy = new TreeMap<>(files);
        copy.remove(path);
        return of(copy);
    }

    /** The paths, sorted. */
    public Set<String> paths() {
        return files.keySet();
    }

    /** A copy of the bytes of {@code path}, or null. */
    public byte[] get(String path) {
        byte[] b = files.get(path);
        return b == null ? null : b.clone();
    }

    public int count() {
        return files.size();
    }

    public boolean isEmpty() {
        return files.isEmpty();
    }

    /** The sum of the files' sizes. */
    public long totalBytes() {
        return totalBytes;
    }

    /** The bytes of this set: version, count, then path and content of each file in path order. */
    public byte[] encode() {
        long size = 16 + totalBytes;
        for (String p : files.keySet()) {
            size += 8 + p.length() * 3L;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a file set of " + totalBytes + " bytes does not fit one encoding");
        }
        ByteWriter w = new ByteWriter((int) size);
        w.u8(ENCODING_VERSION).varInt(files.size());
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            w.string(e.getKey()).bytes(e.getValue());
        }
        return w.toByteArray();
    }

    /** Reads what {@link #encode()} wrote; refuses damaged bytes with {@link MalformedException}. */
    public static FileSet decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int version = r.u8();
        if (version != ENCODING_VERSION) {
            throw new MalformedException("file set encoding version " + version + ", this node reads " + ENCODING_VERSION);
        }
        int n = r.count();
        TreeMap<String, byte[]> files = new TreeMap<>();
        String last = null;
        for (int i = 0; i < n; i++) {
            String path = r.string();
            if ((last != null && path.compareTo(last) <= 0) || Names.relativePathProblem(path) != null) {
                throw new MalformedException("bad or unordered file path in a file set: " + path);
            }
            files.put(path, r.bytes());
            last = path;
        }
        r.end();
        if (fileUsedAsDirectory(files) != null) {
            throw new MalformedException("a file set path is both a file and a directory");
        }
        return n == 0 ? EMPTY : new FileSet(files);
    }

    /** A path that another path uses as a directory ({@code a} beside {@code a/b}), or null. */
    private static String fileUsedAsDirectory(TreeMap<String, byte[]> files) {
        for (String p : files.keySet()) {
            String next = files.ceilingKey(p + "/");
            if (next != null && next.startsWith(p + "/")) {
                return p;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FileSet other) || other.files.size() != files.size() || other.totalBytes != totalBytes) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.files.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        return "FileSet" + files.keySet() + " (" + totalBytes + " bytes)";
    }
}
