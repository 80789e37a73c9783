package org.vigne.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;
import org.vigne.net.secure.FrameRejectedException;
import org.vigne.net.wire.Frames;
import org.vigne.net.wire.WireException;

/**
 * Each benchmark measures what its javadoc says: the inputs have the claimed shape and one call
 * of each method does the real work. Runs in milliseconds; never times anything.
 */
class BenchmarkInputsTest {
    private static final String BLACKHOLE_PASSWORD =
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.";

    @Test
    void idPairs_sharePrefixesOfEveryLength() {
        IdBench bench = new IdBench();
        bench.setUp();
        Set<Integer> lengths = new TreeSet<>();
        for (int i = 0; i < 1024; i++) {
            lengths.add(bench.prefixLength());
        }

        assertThat(lengths).hasSize(40).contains(0, 16, 32, 39);
    }

    @Test
    void everySampleMessage_decodesToItsOwnType() throws WireException {
        for (String name : new String[] {"ping", "routedPut", "leafSet", "store"}) {
            CodecBench bench = new CodecBench();
            bench.message = name;
            bench.setUp();

            assertThat(bench.encode()).as(name).isNotEmpty();
            assertThat(bench.decode()).as(name).isInstanceOf(CodecBench.sample(name, new SplittableRandom(7)).getClass());
        }
    }

    @Test
    void frames_sealToTheirSize_andABatchOpensAgainAndAgain() throws FrameRejectedException {
        FrameBench bench = new FrameBench();
        bench.payloadBytes = 64;
        bench.setUp();
        Blackhole blackhole = new Blackhole(BLACKHOLE_PASSWORD);

        assertThat(bench.seal()).hasSize(Frames.LENGTH_BYTES + Frames.DATA_OVERHEAD + 64);
        bench.open(blackhole);
        bench.open(blackhole);
    }

    @Test
    void eventHeap_staysAtItsSize_andCountsEveryEventFired() {
        EventHeapBench bench = new EventHeapBench();
        bench.pending = 1000;
        bench.setUp();
        EventHeapBench.Fired fired = new EventHeapBench.Fired();
        for (int ms = 0; ms < 1000; ms++) {
            bench.hold(fired);
        }

        assertThat(bench.queueSize()).isEqualTo(1000);
        // 1000 events with delays of 1 to 200 ms (mean 100.5) fire about 10 a millisecond.
        assertThat(fired.events).isBetween(9_000L, 11_000L);
    }
}
