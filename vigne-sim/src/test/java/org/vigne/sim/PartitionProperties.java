package org.vigne.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.vigne.core.Env;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Service;

/**
 * A run gives the same events, in the same order at every node, on one partition of the nodes
 * as on two or three run by as many threads, or five or seven shared by two or three threads (each
 * running its own, then taking others' not started yet): nodes that message one another (with loss, jitter
 * and duplication), set timers from zero delay to beyond the calendar's reach, schedule plain
 * events from inside their own, and hand effects to the world, while the world crashes and boots
 * nodes between windows. Each node traces what it sees; the world traces the effects in the
 * order they run.
 */
class PartitionProperties {
    /** A message between chattering nodes. */
    record Chat(long id) implements Message {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 8;
        }
    }

    /** A node's service: traces what it receives and, now and then, talks, sets timers and asks for effects. */
    private static final class Chatter implements Service {
        private final Env env;
        private final SimWorld world;
        private final List<String> trace;
        private final List<String> effects;
        private long next;

        Chatter(Env env, SimWorld world, List<String> trace, List<String> effects) {
            this.env = env;
            this.world = world;
            this.trace = trace;
            this.effects = effects;
            env.schedule(env.random().nextInt(50), this::tick);
        }

        private void tick() {
            trace.add("tick@" + env.nowMs());
            act();
            env.schedule(delay(env.random()), this::tick);
        }

        private void act() {
            RandomGenerator r = env.random();
            int n = world.nodes().size();
            for (int i = r.nextInt(3); i > 0; i--) {
                env.send(world.node(r.nextInt(n)).self(), new Chat(env.self().port() * 1_000_000L + next++));
            }
            switch (r.nextInt(6)) {
                case 0 -> env.schedule(0, () -> trace.add("now@" + env.nowMs()));
                case 1 -> world.sim().after(r.nextInt(20), () -> trace.add("plain@" + world.sim().nowMs()));
                case 2 -> {
                    String e = env.self().port() + "@" + env.nowMs() + "#" + next++;
                    world.sim().defer(() -> effects.add(e + "/" + world.sim().nowMs()));
                }
                case 3 -> env.schedule(Simulator.BUCKETS + r.nextInt(100), () -> trace.add("far@" + env.nowMs()));
                default -> {
                }
            }
        }

        @Override
        public void onMessage(NodeHandle from, Message msg) {
            trace.add("chat " + ((Chat) msg).id() + " from " + from.port() + "@" + env.nowMs());
            if (env.random().nextInt(4) == 0) {
                act();
            }
        }
    }

    private static long delay(RandomGenerator r) {
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(3);
            case 1 -> 5 + r.nextInt(10);
            default -> r.nextInt(400);
        };
    }

    /** Every node's trace, then the world's effects, of a run of {@code nodes} on {@code partitions} run by {@code threads}. */
    private static List<String> run(long seed, int nodes, int partitions, int threads) {
        return run(seed, nodes, partitions, threads, () -> { });
    }

    /** As {@link #run(long, int, int, int)}, calling {@code pause} between two windows halfway through. */
    private static List<String> run(long seed, int nodes, int partitions, int threads, Runnable pause) {
        SimWorld world = new SimWorld(NetworkModel.wideArea(0.05, 0.05, true), seed);
        world.sim().setPartitions(partitions, threads);
        List<List<String>> traces = new ArrayList<>();
        List<String> effects = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            world.newNode();
            traces.add(new ArrayList<>());
        }
        NodeSetup setup = (env, stack) -> {
            List<String> trace = traces.get(env.self().port());
            trace.add("boot@" + env.nowMs());
            stack.register(Chat.class, new Chatter(env, world, trace, effects));
            return new NodeSetup.Installed(null, null);
        };
        for (SimNode n : world.nodes()) {
            world.boot(n, setup);
        }
        boolean paused = false;
        for (long t = 100; t <= 1_500; t += 100 + world.random().nextInt(200)) {
            world.sim().runUntil(t);
            if (!paused && t >= 700) {
                paused = true;
                pause.run();
            }
            SimNode n = world.node(world.random().nextInt(nodes));
            if (n.alive()) {
                world.crash(n);
            } else {
                world.boot(n, setup);
            }
        }
        world.sim().runUntil(1_500 + Simulator.BUCKETS + 200);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            all.add("node " + i + ": " + traces.get(i));
        }
        all.add("effects: " + effects);
        all.add("events " + world.sim().eventsFired() + ", messages " + world.messagesSent() + ", bytes "
                + world.bytesSent() + ", pending " + world.sim().pending());
        return all;
    }

    @Property(seed = "6464", tries = 25)
    void aRunIsTheSame_onOneTwoOrThreePartitions(@ForAll long seed, @ForAll @IntRange(min = 2, max = 240) int nodes) {
        List<String> one = run(seed, nodes, 1, 1);
        assertThat(run(seed, nodes, 2, 2)).as("seed %d, %d nodes, 2 partitions", seed, nodes).isEqualTo(one);
        assertThat(run(seed, nodes, 3, 3)).as("seed %d, %d nodes, 3 partitions", seed, nodes).isEqualTo(one);
        assertThat(run(seed, nodes, 5, 2)).as("seed %d, %d nodes, 5 partitions on 2 threads", seed, nodes)
                .isEqualTo(one);
        assertThat(run(seed, nodes, 7, 3)).as("seed %d, %d nodes, 7 partitions on 3 threads", seed, nodes)
                .isEqualTo(one);
    }

    /** An event that only carries its key, to follow it through the sort. */
    private static final class Keyed extends SimEvent {
        final long mine;

        Keyed(long key) {
            this.mine = key;
        }

        @Override
        protected void fire() {
        }
    }

    @Property(seed = "2425", tries = 300)
    void aBucketsSort_ordersItsRangeByKey_movingEachEventWithItsKey(@ForAll long seed,
                                                                    @ForAll @IntRange(min = 0, max = 300) int n,
                                                                    @ForAll @IntRange(min = 0, max = 5) int margin) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        long[] ks = new long[n + 2 * margin];
        SimEvent[] es = new SimEvent[ks.length];
        java.util.Set<Long> used = new java.util.HashSet<>();
        for (int i = 0; i < ks.length; i++) {
            long k;
            do {
                k = r.nextInt(4) == 0 ? r.nextLong(1, 64) : r.nextLong(1, Long.MAX_VALUE);
            } while (!used.add(k));
            ks[i] = k;
            es[i] = new Keyed(k);
        }
        long[] before = ks.clone();
        if (r.nextBoolean()) { // runs already in order, or in reverse, as buckets often are
            java.util.Arrays.sort(ks, margin, margin + n);
            if (r.nextBoolean()) {
                for (int i = 0; i < n / 2; i++) {
                    long t = ks[margin + i];
                    ks[margin + i] = ks[margin + n - 1 - i];
                    ks[margin + n - 1 - i] = t;
                }
            }
            for (int i = margin; i < margin + n; i++) {
                es[i] = new Keyed(ks[i]);
            }
            before = ks.clone();
        }
        Partition.sort(ks, es, 0, margin, margin + n - 1);
        long[] expected = before.clone();
        java.util.Arrays.sort(expected, margin, margin + n);
        assertThat(ks).isEqualTo(expected);
        for (int i = 0; i < ks.length; i++) {
            assertThat(((Keyed) es[i]).mine).as("event at %d", i).isEqualTo(ks[i]);
        }
    }

    /**
     * The partitions' threads outlive a {@code runUntil} (the experiments call it once a simulated
     * second) and retire when no window comes for a while: a run that waits longer than that between
     * two calls goes on with new threads, and the same events.
     */
    @Test
    void aRunGoesOnTheSame_afterItsThreadsRetired() {
        List<String> one = run(77, 150, 1, 1);
        int[] alive = {-1};
        List<String> two = run(77, 150, 3, 3, () -> {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            alive[0] = (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("sim-partition-") && t.isAlive()).count();
        });
        assertThat(alive[0]).as("partition threads still alive after 3 s without a window").isZero();
        assertThat(two).isEqualTo(one);
    }

    @Test
    void theWorldsGenerator_isRefusedInsideANodesEvent_onSeveralPartitions() {
        SimWorld world = new SimWorld(NetworkModel.wideArea(0), 3);
        world.setPartitions(2);
        SimNode n = world.newNode();
        world.boot(n, (env, stack) -> {
            env.schedule(10, () -> world.random().nextInt());
            return new NodeSetup.Installed(null, null);
        });
        assertThatThrownBy(() -> world.sim().runUntil(100)).isInstanceOf(SimulationException.class)
                .hasMessageContaining("the world's generator is used inside a node's event")
                .hasMessageContaining("Simulator.defer");
    }

    @Test
    void partitions_areSetBeforeAnyNodesEvent() {
        SimWorld world = new SimWorld(NetworkModel.wideArea(0), 3);
        world.boot(world.newNode(), (env, stack) -> {
            env.schedule(10, () -> { });
            return new NodeSetup.Installed(null, null);
        });
        assertThatThrownBy(() -> world.setPartitions(2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SimWorld(NetworkModel.wideArea(0), 3).setPartitions(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--threads must be at least 1");
    }

    @Test
    void aFailureOnAWorkerThread_namesTheEventAndTheRun() {
        SimWorld world = new SimWorld(NetworkModel.wideArea(0), 9);
        world.describeRun("the partitioned failure");
        world.setPartitions(2);
        for (int i = 0; i < 2 * Simulator.BLOCK; i++) {
            world.newNode();
        }
        SimNode last = world.node(2 * Simulator.BLOCK - 1);
        world.boot(last, (env, stack) -> {
            env.schedule(40, () -> {
                throw new IllegalStateException("worker broke");
            });
            return new NodeSetup.Installed(null, null);
        });
        assertThat(world.sim().partitionOf(last.index()).index).isEqualTo(1);
        assertThatThrownBy(() -> world.sim().runUntil(100)).isInstanceOf(SimulationException.class)
                .hasMessageContaining("timer of node " + last.index())
                .hasMessageContaining("at 40 ms")
                .hasMessageContaining("worker broke")
                .hasMessageEndingWith("in the partitioned failure");
    }
}
