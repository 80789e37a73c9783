package org.vigne.apps.files;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.vigne.apps.codec.MalformedException;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtResult;

/**
 * Files in a DHT (DESIGN.md, "Files (inputs, checkpoints, outputs) are chunked into a files
 * DHT"): a file is a {@link Manifest} under its name's key plus chunks of
 * {@link FileStoreConfig#chunkBytes()} under keys derived from the name, the content hash and the
 * chunk index, in a DHT of degree 3, so a file outlives the nodes that wrote it and survives any
 * two crashes of the nodes holding a chunk. A {@link FileSet} (a checkpoint directory, the
 * outputs of an instance) is stored as one file of kind {@code DIRECTORY}.
 *
 * <p>Files are immutable: storing another content under a stored name fails with
 * {@code EXISTS}; storing the same content again succeeds (so a writer that died half-way can be
 * retried). Every name is listed in its application's {@link FileIndex} before it is written, so
 * {@link #removeApplication} removes everything, whoever wrote it. One writer per name at a time.
 *
 * <p>Contract: a protocol object of the node's event loop, like the {@link Dht} under it. Every
 * operation returns at once and its callback runs exactly once, later, on the event loop, never
 * inside the call. At most {@link FileStoreConfig#maxParallel()} DHT operations are in flight.
 * Reading and writing local disk is the runtime's business, never this class's.
 */
public final class FileStore {
    private final Env env;
    private final FileStoreConfig config;
    private final DhtQueue dht;
    private final FileIndex index;

    public FileStore(Env env, Dht filesDht, FileStoreConfig config) {
        this.env = env;
        this.config = config;
        this.dht = new DhtQueue(env, filesDht, config);
        this.index = new FileIndex(env, dht);
    }

    public FileStoreConfig config() {
        return config;
    }

    /** Stores {@code content} under {@code name}; completes with its manifest. */
    public void put(FileName name, byte[] content, Consumer<FileResult<Manifest>> done) {
        write(name, Manifest.Kind.BLOB, content, done);
    }

    /** Stores {@code files} as one directory under {@code name}; completes with its manifest. */
    public void putFiles(FileName name, FileSet files, Consumer<FileResult<Manifest>> done) {
        if (files.totalBytes() > config.maxFileBytes()) {
            later(done, FileResult.failure(FileStatus.TOO_LARGE, tooLarge(name, files.totalBytes())));
            return;
        }
        write(name, Manifest.Kind.DIRECTORY, files.encode(), done);
    }

    /** Reads the blob stored under {@code name}. */
    public void get(FileName name, Consumer<FileResult<byte[]>> done) {
        read(name, Manifest.Kind.BLOB, done);
    }

    /** Reads the directory stored under {@code name}. */
    public void getFiles(FileName name, Consumer<FileResult<FileSet>> done) {
        read(name, Manifest.Kind.DIRECTORY, r -> {
            if (!r.ok()) {
                done.accept(r.cast());
                return;
            }
            try {
                done.accept(FileResult.ok(FileSet.decode(r.value())));
            } catch (MalformedException e) {
                done.accept(FileResult.failure(FileStatus.CORRUPT, name + ": " + e.getMessage()));
            }
        });
    }

    /** The manifest stored under {@code name} (complete or not). */
    public void stat(FileName name, Consumer<FileResult<Manifest>> done) {
        dht.get(name.manifestKey(), r -> done.accept(manifest(name, r)));
    }

    /** Removes the file (or directory) {@code name}: its chunks, its manifest, then its index entry. */
    public void remove(FileName name, Consumer<FileResult<Void>> done) {
        removeContent(name, r -> {
            if (!r.ok() && r.status() != FileStatus.NOT_FOUND) {
                done.accept(r);
                return;
            }
            index.remove(name, ix -> done.accept(ix.ok() ? r : ix));
        });
    }

    /** The names stored for {@code appId}, sorted. */
    public void list(String appId, Consumer<FileResult<List<String>>> done) {
        index.read(appId, r -> done.accept(r.ok() ? FileResult.ok(new ArrayList<>(r.value().listing().names())) : r.cast()));
    }

    /**
     * Removes every file of {@code appId} and closes its index, so nothing more is stored for it
     * (the retention hook: the application manager calls it when the application is removed or its
     * retention period ends). Completes with the number of files removed.
     */
    public void removeApplication(String appId, Consumer<FileResult<Integer>> done) {
        removeApplication(appId, new TreeSet<>(), 0, done);
    }

    /** Operations waiting or in flight in the DHT, for measurement (bounded by the callers' work). */
    public int pendingOperations() {
        return dht.pending();
    }

    /** DHT operations issued so far, retries included. */
    public long dhtOperations() {
        return dht.operations();
    }

    // ---- writing ----------------------------------------------------------------------------------

    private void write(FileName name, Manifest.Kind kind, byte[] content, Consumer<FileResult<Manifest>> done) {
        if (content.length > config.maxFileBytes()) {
            later(done, FileResult.failure(FileStatus.TOO_LARGE, tooLarge(name, content.length)));
            return;
        }
        Manifest m = Manifest.writing(kind, content, config.chunkBytes());
        index.add(name, ix -> {
            if (!ix.ok()) {
                done.accept(ix.cast());
                return;
            }
            stat(name, old -> {
                if (old.ok() && old.value().complete()) {
                    done.accept(old.value().sameContent(m) ? FileResult.ok(old.value()) : FileResult.failure(
                            FileStatus.EXISTS, name + " already holds another content (" + old.value() + ")"));
                } else if (old.ok() && !old.value().sameContent(m)) {
                    removeChunks(name, old.value(), gone -> writeChunks(name, m, content, done));
                } else if (old.ok() || old.status() == FileStatus.NOT_FOUND || old.status() == FileStatus.CORRUPT) {
                    writeChunks(name, m, content, done);
                } else {
                    done.accept(old.cast());
                }
            });
        });
    }

    private void writeChunks(FileName name, Manifest m, byte[] content, Consumer<FileResult<Manifest>> done) {
        Id key = name.manifestKey();
        dht.put(key, m.encode(), pending -> {
            if (!pending.ok()) {
                done.accept(dhtFailure(name, "manifest", pending));
                return;
            }
            FanOut.run(m.chunkCount(), (i, chunkDone) -> {
                int from = i * m.chunkBytes();
                byte[] chunk = Arrays.copyOfRange(content, from, (int) Math.min(content.length, (long) from + m.chunkBytes()));
                dht.put(m.chunkKey(key, i), chunk, r -> chunkDone.accept(r.ok() ? FileResult.ok(null)
                        : dhtFailure(name, "chunk " + i + " of " + m.chunkCount(), r)));
            }, chunks -> {
                if (!chunks.ok()) {
                    done.accept(chunks.cast());
                    return;
                }
                Manifest complete = m.completed();
                dht.put(key, complete.encode(), r -> done.accept(r.ok() ? FileResult.ok(complete)
                        : dhtFailure(name, "manifest", r)));
            });
        });
    }

    // ---- reading ----------------------------------------------------------------------------------

    private void read(FileName name, Manifest.Kind kind, Consumer<FileResult<byte[]>> done) {
        stat(name, s -> {
            if (!s.ok()) {
                done.accept(s.cast());
                return;
            }
            Manifest m = s.value();
            if (!m.complete()) {
                done.accept(FileResult.failure(FileStatus.INCOMPLETE, name + " is being written, or its writer died"
                        + " before the end"));
            } else if (m.kind() != kind) {
                done.accept(FileResult.failure(FileStatus.NOT_FOUND, name + " is a " + m.kind().name().toLowerCase(
                        java.util.Locale.ROOT) + ", not a " + kind.name().toLowerCase(java.util.Locale.ROOT)));
            } else if (m.size() > config.maxFileBytes()) {
                done.accept(FileResult.failure(FileStatus.TOO_LARGE, tooLarge(name, m.size())));
            } else {
                readChunks(name, m, done);
            }
        });
    }

    private void readChunks(FileName name, Manifest m, Consumer<FileResult<byte[]>> done) {
        byte[] content = new byte[(int) m.size()];
        Id key = name.manifestKey();
        FanOut.run(m.chunkCount(), (i, chunkDone) -> dht.get(m.chunkKey(key, i), r -> {
            long from = (long) i * m.chunkBytes();
            int expected = (int) Math.min(m.chunkBytes(), m.size() - from);
            if (r.status() == DhtResult.Status.NOT_FOUND) {
                chunkDone.accept(FileResult.failure(FileStatus.MISSING_CHUNK, name + ": chunk " + i + " of "
                        + m.chunkCount() + " is missing from the files DHT"));
            } else if (!r.ok()) {
                chunkDone.accept(dhtFailure(name, "chunk " + i + " of " + m.chunkCount(), r));
            } else if (r.value().length != expected) {
                chunkDone.accept(FileResult.failure(FileStatus.CORRUPT, name + ": chunk " + i + " has "
                        + r.value().length + " bytes, the manifest says " + expected));
            } else {
                System.arraycopy(r.value(), 0, content, (int) from, expected);
                chunkDone.accept(FileResult.ok(null));
            }
        }), all -> {
            if (!all.ok()) {
                done.accept(all.cast());
            } else if (!m.matches(content)) {
                done.accept(FileResult.failure(FileStatus.CORRUPT, name + ": content does not match the hash "
                        + m.hashHex()));
            } else {
                done.accept(FileResult.ok(content));
            }
        });
    }

    // ---- removing ---------------------------------------------------------------------------------

    private void removeContent(FileName name, Consumer<FileResult<Void>> done) {
        stat(name, s -> {
            if (!s.ok()) {
                done.accept(s.cast());
                return;
            }
            removeChunks(name, s.value(), chunks -> {
                if (!chunks.ok()) {
                    done.accept(chunks);
                    return;
                }
                dht.remove(name.manifestKey(), r -> done.accept(r.ok() || r.status() == DhtResult.Status.NOT_FOUND
                        ? FileResult.ok(null) : dhtFailure(name, "manifest", r)));
            });
        });
    }

    private void removeChunks(FileName name, Manifest m, Consumer<FileResult<Void>> done) {
        Id key = name.manifestKey();
        FanOut.run(m.chunkCount(), (i, chunkDone) -> dht.remove(m.chunkKey(key, i), r -> chunkDone.accept(
                r.ok() || r.status() == DhtResult.Status.NOT_FOUND ? FileResult.ok(null)
                        : dhtFailure(name, "chunk " + i + " of " + m.chunkCount(), r))), done);
    }

    /** Rounds of "remove what the index lists, then close it" before giving up on writers that keep adding. */
    private static final int MAX_REMOVAL_ROUNDS = 10;

    private void removeApplication(String appId, Set<String> removed, int round,
                                   Consumer<FileResult<Integer>> done) {
        if (round == MAX_REMOVAL_ROUNDS) {
            done.accept(FileResult.failure(FileStatus.UNAVAILABLE, "the file index of " + appId + " kept changing during"
                    + " " + round + " removal rounds"));
            return;
        }
        index.read(appId, r -> {
            if (!r.ok()) {
                done.accept(r.cast());
                return;
            }
            List<String> names = new ArrayList<>(r.value().listing().names());
            FanOut.run(names.size(), (i, fileDone) -> removeContent(new FileName(appId, names.get(i)),
                    f -> fileDone.accept(f.ok() || f.status() == FileStatus.NOT_FOUND ? FileResult.ok(null) : f)),
                    files -> {
                        if (!files.ok()) {
                            done.accept(files.cast());
                            return;
                        }
                        removed.addAll(names);
                        index.close(appId, r.value().version(), closed -> {
                            if (!closed.ok()) {
                                done.accept(closed.cast());
                            } else if (closed.value()) {
                                done.accept(FileResult.ok(removed.size()));
                            } else {
                                removeApplication(appId, removed, round + 1, done);
                            }
                        });
                    });
        });
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private FileResult<Manifest> manifest(FileName name, DhtResult r) {
        if (r.status() == DhtResult.Status.NOT_FOUND) {
            return FileResult.failure(FileStatus.NOT_FOUND, "no file " + name);
        }
        if (!r.ok()) {
            return dhtFailure(name, "manifest", r);
        }
        try {
            return FileResult.ok(Manifest.decode(r.value()));
        } catch (MalformedException e) {
            return FileResult.failure(FileStatus.CORRUPT, name + ": bad manifest: " + e.getMessage());
        }
    }

    private static <T> FileResult<T> dhtFailure(FileName name, String what, DhtResult r) {
        FileStatus s = r.status() == DhtResult.Status.TOO_LARGE ? FileStatus.TOO_LARGE : FileStatus.UNAVAILABLE;
        return FileResult.failure(s, name + ": " + what + ": " + r.status() + (r.error().isEmpty() ? "" : " " + r.error()));
    }

    private String tooLarge(FileName name, long bytes) {
        return name + " has " + bytes + " bytes, over the limit of " + config.maxFileBytes();
    }

    private <T> void later(Consumer<FileResult<T>> done, FileResult<T> result) {
        env.schedule(0, () -> done.accept(result));
    }
}
