package org.vigne.sim.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtMessage;
import org.vigne.dht.DhtResult;
import org.vigne.dht.DhtResult.Status;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.SimNode;
import org.vigne.sim.experiment.DhtReplicaCheck;

/**
 * The promise of {@code Dht}: "writes are acknowledged only once r nodes hold them, so an
 * acknowledged value survives any r - 1 crashes after the acknowledgement". The harshest case is
 * the root itself crashing the instant the client's put completes (on the replicas'
 * acknowledgements, which reach the client and not only the root), after the first copy of every
 * write to a replica was lost: only a client that really waited for r holders leaves the value behind.
 */
class RootCrashAfterAckTest {

    /** Loses the first copy of every store to each replica. */
    private static final class Faults {
        final Set<String> storesSeen = new HashSet<>();
        int storesLost;
    }

    @Test
    void acknowledgedPut_isReadBackAtItsVersion_afterTheRootCrashesRightAfterAcknowledging() {
        DhtTestbed t = new DhtTestbed("acknowledgedPut_isReadBackAtItsVersion", 17, 24, 3, DhtConfig.defaults(),
                NetworkModel.wideArea(0), "first copy of every store lost", (n, d) -> { });
        Faults f = new Faults();
        t.world.setFilter((from, to, msg) -> {
            if (msg instanceof DhtMessage.Store s && f.storesSeen.add(s.writeId() + ">" + to.id())) {
                f.storesLost++;
                return false;
            }
            return true;
        });
        List<String> broken = new ArrayList<>();
        int keys = 12;
        for (int i = 0; i < keys; i++) {
            Id key = Id.sha1("crash-after-ack-" + i);
            SimNode root = t.oracle.root(key);
            byte[] value = t.value(32);
            DhtResult put = t.await(t.clientFor(key), (d, done) -> d.put(key, value, r -> {
                t.sim.after(0, () -> t.population.crash(root));
                done.accept(r);
            }));
            assertThat(put.status()).as(t + ": put of key %d", i).isEqualTo(Status.OK);
            t.ackedPut(key, value, put);
            t.run(30_000);

            DhtResult got = t.await(t.clientFor(key), (d, done) -> d.get(key, done));
            if (got.status() != Status.OK || got.version() != put.version()
                    || !java.util.Arrays.equals(got.value(), value)) {
                broken.add("key " + i + " (" + key.shortString() + ") acknowledged at v" + put.version() + " by root "
                        + root.index() + ", read back as " + got.status() + " v" + got.version() + " " + got.error());
            }
        }
        t.run(60_000);
        DhtReplicaCheck.Report r = t.check();

        assertThat(f.storesLost).as(t + ": first copies of stores lost").isGreaterThanOrEqualTo(2 * keys);
        assertThat(t.population.crashes()).as(t + ": roots crashed right after acknowledging").isEqualTo(keys);
        assertThat(broken).as(t + ": acknowledged puts not read back at their version after their root crashed")
                .isEmpty();
        assertThat(r.lost()).as(t + ": acknowledged keys lost, e.g. " + r.lostExamples()).isZero();
        assertThat(r.underReplicated()).as(t + ": keys with fewer than r live replicas 60 s later, e.g. "
                + r.underExamples()).isZero();
        assertThat(r.strayCopies()).as(t + ": copies left on nodes outside their key's r replicas, e.g. "
                + r.strayExamples()).isZero();
    }
}
