package org.vigne.apps.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtHandler;
import org.vigne.dht.DhtResult;

/**
 * A {@link Dht} in one map, for unit tests of what sits above a DHT: versions as the real one
 * orders them, answers a few milliseconds later through the {@link Env}, a fault hook deciding
 * the status of each operation, and a count of operations in flight.
 */
public final class MemoryDht implements Dht {
    private static final long LATENCY_MS = 5;

    private final Env env;
    private final Map<Id, byte[]> values = new HashMap<>();
    private final Map<Id, Long> versions = new HashMap<>();
    /** Decides a failure status for an operation on a key, or null to let it through. */
    public Function<Id, DhtResult.Status> fault = k -> null;
    public int inFlight;
    public int maxInFlight;
    public long operations;

    public MemoryDht(Env env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "files";
    }

    @Override
    public int replicas() {
        return 3;
    }

    @Override
    public void put(Id key, byte[] value, Consumer<DhtResult> done) {
        op(key, done, () -> write(key, value));
    }

    @Override
    public void putIfVersion(Id key, byte[] value, long expectedVersion, Consumer<DhtResult> done) {
        op(key, done, () -> {
            long current = values.containsKey(key) ? versions.get(key) : 0;
            if (current != expectedVersion) {
                return new DhtResult(DhtResult.Status.CONFLICT, values.get(key), current, "version " + current);
            }
            return write(key, value);
        });
    }

    @Override
    public void get(Id key, Consumer<DhtResult> done) {
        op(key, done, () -> values.containsKey(key)
                ? new DhtResult(DhtResult.Status.OK, values.get(key).clone(), versions.get(key), "")
                : new DhtResult(DhtResult.Status.NOT_FOUND, null, 0, "no such key"));
    }

    @Override
    public void remove(Id key, Consumer<DhtResult> done) {
        op(key, done, () -> {
            if (values.remove(key) == null) {
                return new DhtResult(DhtResult.Status.NOT_FOUND, null, 0, "no such key");
            }
            long v = versions.merge(key, 1L, Long::sum);
            return new DhtResult(DhtResult.Status.OK, null, v, "");
        });
    }

    private DhtResult write(Id key, byte[] value) {
        values.put(key, value.clone());
        long v = versions.merge(key, 1L, Long::sum);
        return new DhtResult(DhtResult.Status.OK, null, v, "");
    }

    private void op(Id key, Consumer<DhtResult> done, java.util.function.Supplier<DhtResult> apply) {
        operations++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        DhtResult.Status failure = fault.apply(key);
        env.schedule(LATENCY_MS, () -> {
            inFlight--;
            done.accept(failure != null ? new DhtResult(failure, null, 0, "injected") : apply.get());
        });
    }

    /** Keys holding a value. */
    public Map<Id, byte[]> contents() {
        return values;
    }

    @Override
    public void setHandler(DhtHandler handler) {
    }

    @Override
    public int localKeyCount() {
        return values.size();
    }

    @Override
    public long localVersion(Id key) {
        return versions.getOrDefault(key, 0L);
    }
}
