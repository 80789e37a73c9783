package org.vigne.apps.files;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.MalformedException;
import org.vigne.core.Env;
import org.vigne.dht.DhtResult;

/**
 * The list of an application's stored files, kept in the files DHT beside them so that all of an
 * application's files can be removed without knowing who wrote them. A name is added before its
 * file is written and taken out after it is removed, so the index never misses a stored file.
 * Once the application's files are removed the index is <i>closed</i>: it stays as a small
 * tombstone that refuses later writes (a late, fenced instance cannot leak files).
 *
 * <p>Updates are read-modify-write with the DHT's conditional put, retried after a conflict.
 */
final class FileIndex {
    private static final int VERSION = 1;
    /** Conflicting updates of one index tried before giving up. */
    private static final int MAX_CONFLICTS = 20;

    /** An index value: the names, and whether the application's files were removed. */
    record Listing(SortedSet<String> names, boolean closed) {
        static final Listing EMPTY = new Listing(Collections.emptySortedSet(), false);

        Listing {
            names = Collections.unmodifiableSortedSet(new TreeSet<>(names));
        }

        byte[] encode() {
            return new ByteWriter(16 + names.size() * 24).u8(VERSION).u8(closed ? 1 : 0).strings(names).toByteArray();
        }

        static Listing decode(byte[] bytes) {
            ByteReader r = new ByteReader(bytes);
            int version = r.u8();
            int closed = r.u8();
            if (version != VERSION || closed > 1) {
                throw new MalformedException("bad file index header");
            }
            TreeSet<String> names = new TreeSet<>(r.strings());
            r.end();
            return new Listing(names, closed == 1);
        }

        Listing with(String name) {
            TreeSet<String> n = new TreeSet<>(names);
            n.add(name);
            return new Listing(n, closed);
        }

        Listing without(String name) {
            TreeSet<String> n = new TreeSet<>(names);
            n.remove(name);
            return new Listing(n, closed);
        }
    }

    /** A listing read, with the version it was read at (0: no index yet). */
    record Versioned(Listing listing, long version) {
    }

    private final Env env;
    private final DhtQueue dht;

    FileIndex(Env env, DhtQueue dht) {
        this.env = env;
        this.dht = dht;
    }

    /** Reads the index of {@code appId}. */
    void read(String appId, Consumer<FileResult<Versioned>> done) {
        dht.get(FileName.indexKey(appId), r -> {
            if (r.status() == DhtResult.Status.NOT_FOUND) {
                done.accept(FileResult.ok(new Versioned(Listing.EMPTY, 0)));
            } else if (!r.ok()) {
                done.accept(FileResult.failure(FileStatus.UNAVAILABLE, "file index of " + appId + ": " + r.status()
                        + " " + r.error()));
            } else {
                try {
                    done.accept(FileResult.ok(new Versioned(Listing.decode(r.value()), r.version())));
                } catch (MalformedException e) {
                    done.accept(FileResult.failure(FileStatus.CORRUPT, "file index of " + appId + ": " + e.getMessage()));
                }
            }
        });
    }

    /** Adds {@code name}; fails with {@code REMOVED} once the application's files were removed. */
    void add(FileName name, Consumer<FileResult<Void>> done) {
        update(name.appId(), l -> l.closed() || l.names().contains(name.path()) ? l : l.with(name.path()), 0, r -> {
            if (r.ok() && r.value().closed()) {
                done.accept(FileResult.failure(FileStatus.REMOVED, "the files of " + name.appId()
                        + " were removed: " + name.path() + " is not stored"));
            } else {
                done.accept(r.ok() ? FileResult.ok(null) : r.cast());
            }
        });
    }

    /** Takes {@code name} out. */
    void remove(FileName name, Consumer<FileResult<Void>> done) {
        update(name.appId(), l -> l.without(name.path()), 0, r -> done.accept(r.ok() ? FileResult.ok(null) : r.cast()));
    }

    /** Closes the index read at {@code expectedVersion}; {@code CONFLICT}-like outcomes come back as {@code false}. */
    void close(String appId, long expectedVersion, Consumer<FileResult<Boolean>> done) {
        byte[] closed = new Listing(Collections.emptySortedSet(), true).encode();
        dht.putIfVersion(FileName.indexKey(appId), closed, expectedVersion, r -> {
            if (r.ok()) {
                done.accept(FileResult.ok(true));
            } else if (r.status() == DhtResult.Status.CONFLICT || r.status() == DhtResult.Status.TIMEOUT) {
                done.accept(FileResult.ok(false));
            } else {
                done.accept(FileResult.failure(FileStatus.UNAVAILABLE, "closing the file index of " + appId + ": "
                        + r.status() + " " + r.error()));
            }
        });
    }

    /** Applies {@code change} until a conditional put of the result succeeds (no write when nothing changes). */
    private void update(String appId, UnaryOperator<Listing> change, int conflicts, Consumer<FileResult<Listing>> done) {
        read(appId, r -> {
            if (!r.ok()) {
                done.accept(r.cast());
                return;
            }
            Listing before = r.value().listing();
            Listing after = change.apply(before);
            if (after.equals(before)) {
                done.accept(FileResult.ok(after));
                return;
            }
            dht.putIfVersion(FileName.indexKey(appId), after.encode(), r.value().version(), w -> {
                if (w.ok()) {
                    done.accept(FileResult.ok(after));
                } else if ((w.status() == DhtResult.Status.CONFLICT || w.status() == DhtResult.Status.TIMEOUT)
                        && conflicts < MAX_CONFLICTS) {
                    long delay = 20 + env.random().nextLong(20L * (conflicts + 1) * (conflicts + 1));
                    env.schedule(delay, () -> update(appId, change, conflicts + 1, done));
                } else {
                    done.accept(FileResult.failure(FileStatus.UNAVAILABLE, "updating the file index of " + appId + ": "
                            + w.status() + " " + w.error()));
                }
            });
        });
    }
}
