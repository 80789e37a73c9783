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
    /** When the client learnt of each key's latest acknowledged version. */
    private final long[] ackedAtMs;
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
        this.ackedAtMs = new long[keys.length];
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

    /**
     * The latest version of key {@code i} acknowledged before {@code issuedAtMs}, for an operation
     * that read {@code readAtIssue} from this ledger when it was issued, completions of the same
     * window being counted only after it: the latest acknowledgement if it came before the issue,
     * else what the operation read (which misses an acknowledgement in the issue's window only
     * when another one came after the issue, before this call).
     */
    long ackedBefore(int i, long readAtIssue, long issuedAtMs) {
        return ackedAtMs[i] < issuedAtMs ? Math.max(readAtIssue, ackedVersion[i]) : readAtIssue;
    }

    /** Records the outcome of a put of {@code value} to key {@code i}, learnt by its client at {@code atMs}. */
    void putDone(int i, byte[] value, DhtResult r, long atMs) {
        puts++;
        if (r.ok()) {
            putsAcked++;
            if (r.version() > ackedVersion[i]) {
                ackedVersion[i] = r.version();
                ackedFingerprint[i] = fingerprint(value);
                ackedAtMs[i] = atMs;
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
