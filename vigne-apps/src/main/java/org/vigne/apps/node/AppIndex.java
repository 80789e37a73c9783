package org.vigne.apps.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.vigne.core.Id;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtResult;

/**
 * The grid-wide list of application ids, for {@code vigne apps}: a few bucket keys of the
 * snapshot DHT, each a sorted newline-separated list, updated by conditional writes so that
 * concurrent submissions do not lose each other. Best effort: an application missing from the
 * index still runs, and is found by its id.
 */
final class AppIndex {
    static final int BUCKETS = 16;
    private static final int ATTEMPTS = 8;
    private static final Id[] KEYS = new Id[BUCKETS];

    static {
        for (int i = 0; i < BUCKETS; i++) {
            KEYS[i] = Id.sha1("vigne-app-index/" + i);
        }
    }

    private final Dht dht;

    AppIndex(Dht dht) {
        this.dht = dht;
    }

    /** {@code key} when it is one of the index's bucket keys, else null. */
    static Id bucketKeyOrNull(Id key) {
        for (Id k : KEYS) {
            if (k.equals(key)) {
                return key;
            }
        }
        return null;
    }

    private static Id bucket(String appId) {
        return KEYS[Math.floorMod(appId.hashCode(), BUCKETS)];
    }

    void add(String appId, Consumer<Boolean> done) {
        update(appId, true, ATTEMPTS, done);
    }

    void remove(String appId, Consumer<Boolean> done) {
        update(appId, false, ATTEMPTS, done);
    }

    private void update(String appId, boolean add, int attempts, Consumer<Boolean> done) {
        Id key = bucket(appId);
        dht.get(key, read -> {
            if (!read.ok() && read.status() != DhtResult.Status.NOT_FOUND) {
                done.accept(false);
                return;
            }
            TreeSet<String> ids = decode(read.ok() ? read.value() : null);
            if (add ? !ids.add(appId) : !ids.remove(appId)) {
                done.accept(true);
                return;
            }
            dht.putIfVersion(key, encode(ids), read.ok() ? read.version() : 0, w -> {
                if (w.ok()) {
                    done.accept(true);
                } else if (w.status() == DhtResult.Status.CONFLICT && attempts > 1) {
                    update(appId, add, attempts - 1, done);
                } else {
                    done.accept(false);
                }
            });
        });
    }

    /** Every indexed id, sorted; null when a bucket could not be read. */
    void list(Consumer<List<String>> done) {
        TreeSet<String> all = new TreeSet<>();
        int[] left = {BUCKETS};
        boolean[] failed = {false};
        for (Id key : KEYS) {
            dht.get(key, r -> {
                if (r.ok()) {
                    all.addAll(decode(r.value()));
                } else if (r.status() != DhtResult.Status.NOT_FOUND) {
                    failed[0] = true;
                }
                if (--left[0] == 0) {
                    done.accept(failed[0] ? null : new ArrayList<>(all));
                }
            });
        }
    }

    private static TreeSet<String> decode(byte[] value) {
        TreeSet<String> ids = new TreeSet<>();
        if (value != null && value.length > 0) {
            for (String s : new String(value, StandardCharsets.UTF_8).split("\n")) {
                if (!s.isEmpty()) {
                    ids.add(s);
                }
            }
        }
        return ids;
    }

    private static byte[] encode(TreeSet<String> ids) {
        return String.join("\n", ids).getBytes(StandardCharsets.UTF_8);
    }
}
