package org.vigne.gcs.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Many seeds of random faults against the bare log: messages lost, duplicated and reordered,
 * replicas partitioned and healed, logs compacted, members added (through a snapshot) and removed.
 * Safety is checked throughout (one leader per term, no two state machines diverge); once the
 * faults stop, the group must elect a leader and every member must apply the same history.
 */
class RaftRandomizedTest {
    private static final int SEEDS = 300;

    @Test
    void safetyUnderRandomFaults_andLivenessOnceTheyStop() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            try {
                runOne(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " (replay: RaftRandomizedTest.runOne(" + seed + "L)): "
                        + e.getMessage(), e);
            }
        }
    }

    static void runOne(long seed) {
        RaftCluster c = new RaftCluster(seed % 2 == 0 ? 3 : 5, seed);
        int proposals = 0;
        long nextId = 1000;
        for (int step = 0; step < 400; step++) {
            int action = c.random.nextInt(100);
            if (action < 30) {
                tickOnce(c);
            } else if (action < 70) {
                deliverSome(c, 1 + c.random.nextInt(8));
            } else if (action < 82) {
                RaftReplica l = c.leader();
                if (l != null) {
                    c.propose(l, "s" + seed + "-" + proposals++);
                }
            } else if (action < 88) {
                Member m = c.members.get(c.random.nextInt(c.members.size()));
                if (!c.isolated.remove(m) && c.isolated.size() < c.members.size() / 2) {
                    c.isolated.add(m);
                }
            } else if (action < 93) {
                RaftReplica r = c.replicas.get(c.members.get(c.random.nextInt(c.members.size())));
                if (r != null) {
                    r.compact(r.applied());
                }
            } else {
                nextId = changeMembers(c, nextId);
            }
            c.checkSafety();
        }
        c.isolated.clear();
        for (int i = 0; i < 200; i++) {
            c.tickAll();
        }
        RaftReplica leader = c.leader();
        assertThat(leader).as("a leader once faults stop").isNotNull();
        c.propose(leader, "final");
        for (int i = 0; i < 20; i++) {
            c.tickAll();
        }
        c.checkSafety();
        List<String> expected = c.applied.get(leader.self());
        assertThat(expected).as("the leader applied the final command").endsWith("final");
        for (Member m : leader.config().voters()) {
            assertThat(c.applied.get(m)).as("history of member %s", m).isEqualTo(expected);
        }
    }

    private static void tickOnce(RaftCluster c) {
        for (Member m : new ArrayList<>(c.members)) {
            c.replicas.get(m).tick();
        }
        c.applyAll();
    }

    private static void deliverSome(RaftCluster c, int n) {
        List<RaftCluster.Envelope> queued = new ArrayList<>(c.queue);
        c.queue.clear();
        for (int i = 0; i < n && !queued.isEmpty(); i++) {
            RaftCluster.Envelope e = queued.remove(c.random.nextInt(queued.size()));
            double u = c.random.nextDouble();
            if (u < 0.1) {
                continue;
            }
            if (u < 0.15) {
                queued.add(e);
            }
            c.deliver(e);
        }
        c.queue.addAll(queued);
    }

    /** Adds a new member through a snapshot, or removes one, when the leader may change its configuration. */
    private static long changeMembers(RaftCluster c, long nextId) {
        RaftReplica l = c.leader();
        if (l == null || !l.canChangeConfig()) {
            return nextId;
        }
        Configuration conf = l.config();
        if (conf.voters().size() > 3 && c.random.nextBoolean()) {
            Member out = conf.voters().get(c.random.nextInt(conf.voters().size()));
            if (!out.equals(l.self())) {
                l.propose(Entry.config(0, 0, conf.without(out)));
            }
            return nextId;
        }
        if (conf.voters().size() >= 7) {
            return nextId;
        }
        Member in = new Member(c.members.get(0).node(), nextId++);
        c.add(in, new Snapshot(0, 0, Configuration.of(List.of()), new byte[0]));
        l.addLearner(in);
        l.propose(Entry.config(0, 0, conf.with(in)));
        return nextId;
    }
}
