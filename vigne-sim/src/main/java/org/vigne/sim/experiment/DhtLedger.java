package org.vigne.sim.experiment;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigne.core.Id;
import org.vigne.dht.DhtResult;

/**
 * What the DHT experiment knows to be true: the keys, the latest version acknowledged for each
 * (and a fingerprint of its value), and the outcome of every put and get, so it can tell whether a
 * get returned the latest value acknowledged before it was issued.
 */
final class DhtLedger {
    private final Id[] keys;
    private final long[] ackedVersion;
    private final long[] ackedFingerprint;
    final Stats getLatency = new Stats();
    long puts;
    long putsAcked;
    long conflicts;
    long gets;
    long getsLatest;
    long getsFailed;
    long getsStale;
    long getsWrongValue;

    DhtLedger(Id[] keys) {
        this.keys = keys;
        this.ackedVersion = new long[keys.length];
        this.ackedFingerprint = new long[keys.length];
    }

    int size() {
        return keys.length;
    }

    Id key(int i) {
        return keys[i];
    }

    long acked(int i) {
        return ackedVersion[i];
    }

    /** Records the outcome of a put of {@code value} to key {@code i}. */
    void putDone(int i, byte[] value, DhtResult r) {
        puts++;
        if (r.ok()) {
            putsAcked++;
            if (r.version() > ackedVersion[i]) {
                ackedVersion[i] = r.version();
                ackedFingerprint[i] = fingerprint(value);
            }
        } else if (r.status() == DhtResult.Status.CONFLICT) {
            conflicts++;
        }
    }

    /** Records a get of key {@code i} issued when {@code requiredVersion} was the latest acknowledged. */
    void getDone(int i, long requiredVersion, long latencyMs, DhtResult r) {
        gets++;
        if (r.ok()) {
            getLatency.add(latencyMs);
            if (r.version() >= requiredVersion) {
                getsLatest++;
            } else {
                getsStale++;
            }
            if (r.version() == ackedVersion[i] && fingerprint(r.value()) != ackedFingerprint[i]) {
                getsWrongValue++;
            }
        } else if (r.status() == DhtResult.Status.NOT_FOUND && requiredVersion == 0) {
            getsLatest++;
        } else if (r.status() == DhtResult.Status.NOT_FOUND) {
            getsStale++;
        } else {
            getsFailed++;
        }
    }

    /** Keys acknowledged at least once, with their latest acknowledged version. */
    Map<Id, Long> ackedKeys() {
        Map<Id, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (ackedVersion[i] > 0) {
                out.put(keys[i], ackedVersion[i]);
            }
        }
        return out;
    }

    static long fingerprint(byte[] v) {
        return v == null ? 0 : Arrays.hashCode(v) * 0x9E3779B97F4A7C15L + v.length;
    }
}
