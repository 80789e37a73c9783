package org.vigne.net.exec;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.vigne.apps.files.FileSet;

/**
 * The local-disk side of files: a directory read into a {@link FileSet} and a set written into a
 * directory. Blocking: callers run it off the node's event loop. It never follows a symbolic link
 * (a component cannot make the node read or write outside its sandbox through one), and it
 * refuses, whole, a tree over its size limit instead of truncating it.
 */
public final class LocalFiles {
    private LocalFiles() {
    }

    /** A tree larger than the limit. */
    public static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
        }
    }

    /** Every regular file under {@code dir} (symbolic links skipped), at most {@code limitBytes} in all. */
    public static FileSet readTree(Path dir, long limitBytes) throws IOException {
        return collect(dir, List.of("**"), limitBytes);
    }

    /**
     * The regular files under {@code dir} whose path relative to it matches one of {@code globs}
     * ({@link java.nio.file.FileSystem#getPathMatcher} glob syntax, '/'-separated; {@code *} stays
     * within a directory, {@code **} crosses them), at most {@code limitBytes} in all.
     */
    public static FileSet collect(Path dir, List<String> globs, long limitBytes) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || globs.isEmpty()) {
            return FileSet.empty();
        }
        List<PathMatcher> matchers = new ArrayList<>();
        for (String g : globs) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        }
        TreeMap<String, Path> found = new TreeMap<>();
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                Path rel = dir.relativize(file);
                if (matchers.stream().anyMatch(m -> m.matches(rel))) {
                    total[0] += attrs.size();
                    if (total[0] > limitBytes) {
                        throw new TooLargeException("more than " + limitBytes + " bytes of files match " + globs);
                    }
                    found.put(rel.toString().replace(java.io.File.separatorChar, '/'), file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        TreeMap<String, byte[]> contents = new TreeMap<>();
        for (var e : found.entrySet()) {
            contents.put(e.getKey(), Files.readAllBytes(e.getValue()));
        }
        return FileSet.of(contents);
    }

    /** Writes every file of {@code files} under {@code dir} (created if needed), replacing files of the same path. */
    public static void writeTree(Path dir, FileSet files) throws IOException {
        Files.createDirectories(dir);
        Path root = dir.toRealPath();
        for (String p : files.paths()) {
            Path target = root.resolve(p).normalize();
            if (!target.startsWith(root)) {
                throw new IOException("file path " + p + " leaves " + root);
            }
            Files.createDirectories(target.getParent());
            if (!target.getParent().toRealPath().startsWith(root)) {
                throw new IOException("file path " + p + " goes through a link out of " + root);
            }
            Files.deleteIfExists(target);
            Files.write(target, files.get(p), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** The last {@code maxBytes} bytes of {@code file}, or nothing when it does not exist. */
    public static byte[] tail(Path file, int maxBytes) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return new byte[0];
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, maxBytes);
            byte[] b = new byte[n];
            f.seek(len - n);
            f.readFully(b);
            return b;
        }
    }

    /**
     * Up to {@code maxBytes} bytes of {@code file} from {@code offset} (empty at or past its end),
     * or null when the file does not exist.
     */
    public static byte[] readRange(Path file, long offset, int maxBytes) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.max(0, Math.min(len - offset, maxBytes));
            byte[] b = new byte[n];
            if (n > 0) {
                f.seek(offset);
                f.readFully(b);
            }
            return b;
        }
    }

    /** Deletes {@code dir} and everything under it (links themselves, not their targets). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
