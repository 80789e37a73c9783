package org.vigne.cli.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Role;
import org.vigne.net.groups.CounterGroups;
import org.vigne.net.groups.CounterMachine;
import org.vigne.net.groups.CounterState;
import org.vigne.net.node.GridNode;
import org.vigne.net.node.GroupClient;

/**
 * The group communication benchmark: counter groups (r = 3) on a local grid, commanded by
 * closed-loop client threads in this process through one node's {@link GroupClient}. Phases: commits to one group with each thread count; the
 * creation of many groups; commits spread over those groups at random; and one command to every
 * one of them at once. Afterwards, the one group's replicas must all have applied every
 * acknowledged command, and nothing else, with the same history.
 */
public final class GcsWorkload {
    private final int ops;
    private final List<Integer> threadCounts;
    private final int groups;
    private final int warmupOps;

    /**
     * @param ops commands per phase
     * @param threadCounts client thread counts of the one-group phases (the last one also drives the many-group phases)
     * @param groups groups of the many-group phases (0: none)
     * @param warmupOps commands before measuring
     */
    public GcsWorkload(int ops, List<Integer> threadCounts, int groups, int warmupOps) {
        if (ops < 1 || threadCounts.isEmpty() || groups < 0 || warmupOps < 0) {
            throw new IllegalArgumentException("a workload needs commands, thread counts and a number of groups");
        }
        this.ops = ops;
        this.threadCounts = List.copyOf(threadCounts);
        this.groups = groups;
        this.warmupOps = warmupOps;
    }

    /**
     * Runs every phase on {@code grid}: the one group is created through node 0 and then commanded
     * through its leader's node ({@code viaLeader}) or a follower's; the many groups through node 0.
     */
    public GcsBenchResult run(BenchGrid grid, boolean viaLeader) throws InterruptedException {
        double loadBefore = loadAverage();
        GroupClient client = new GroupClient(grid.grid().nodes().get(0));
        GroupId one = GroupClient.group(CounterGroups.KIND, "bench");
        made(client.create(one, CounterMachine.add(0)).orTimeout(30, TimeUnit.SECONDS).join());
        GroupClient entry = new GroupClient(entryNode(grid, one, viaLeader));
        long acked = 1;
        if (warmupOps > 0) {
            acked += ClosedLoop.run("warmup", 1, warmupOps, (i, r) -> submit(entry, one)).ops();
        }
        List<PhaseResult> phases = new ArrayList<>();
        for (int t : threadCounts) {
            PhaseResult p = ClosedLoop.run("commit", t, ops, (i, r) -> submit(entry, one));
            acked += p.ops();
            phases.add(p);
        }
        List<CounterState> states = settledStates(grid, one, acked);
        boolean agree = agree(states, acked);
        if (groups > 0) {
            int t = threadCounts.get(threadCounts.size() - 1);
            List<GroupId> many = new ArrayList<>();
            for (int i = 0; i < groups; i++) {
                many.add(GroupClient.group(CounterGroups.KIND, "bench-" + i));
            }
            phases.add(ClosedLoop.run("create", t, groups, (i, r) -> client.create(many.get(i), new byte[0])
                    .thenApply(GcsWorkload::made)));
            phases.add(ClosedLoop.run("commit-" + groups + "-groups", t, ops,
                    (i, r) -> submit(client, many.get(r.nextInt(groups)))));
            phases.add(Burst.run("burst-" + groups + "-groups", groups, i -> submit(client, many.get(i))));
        }
        return new GcsBenchResult("vigne", grid.grid().nodes().size() + " nodes on loopback in one JVM, counter groups r=3,"
                + " one group commanded through " + (viaLeader ? "its leader" : "a follower") + "'s node, many groups"
                + " through node 0", ops, groups, loadBefore, loadAverage(), acked, states, agree, phases);
    }

    /** The node of the one group's leader, or of one of its followers (waits up to 10 s for a leader). */
    private static GridNode entryNode(BenchGrid grid, GroupId g, boolean leader) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (GridNode n : grid.grid().nodes()) {
                GroupInfo info = n.net().call(() -> n.gcs().info(g)).join();
                if (info != null && info.leader() != null && info.role() == Role.FOLLOWER && !leader) {
                    return n;
                }
                if (info != null && info.role() == Role.LEADER && leader) {
                    return n;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the benchmark group has no " + (leader ? "leader" : "follower") + " after 10 s");
    }

    private static CompletableFuture<SubmitResult> submit(GroupClient client, GroupId g) {
        return client.submit(g, CounterMachine.add(1)).thenApply(GcsWorkload::ok);
    }

    /**
     * A creation of a fresh group succeeded. EXISTS counts: the node re-sends a creation left
     * unanswered for a second (a loaded machine), and the re-sent copy finds the group the first
     * one made (vigne-gcs answers it EXISTS rather than OK).
     */
    private static SubmitResult made(SubmitResult r) {
        return r.status() == SubmitResult.Status.EXISTS ? r : ok(r);
    }

    private static SubmitResult ok(SubmitResult r) {
        if (!r.ok()) {
            throw new CompletionException(new IllegalStateException(r.status() + " " + r.error()));
        }
        return r;
    }

    /** The states of the replicas of {@code g} once they agree on {@code acked} commands, or as they are after 10 s. */
    private static List<CounterState> settledStates(BenchGrid grid, GroupId g, long acked) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<CounterState> states = new ArrayList<>();
            for (GridNode n : grid.grid().nodes()) {
                CounterState s = n.net().call(() -> n.counters().state(g)).join();
                if (s != null) {
                    states.add(s);
                }
            }
            if (agree(states, acked) || System.nanoTime() > deadline) {
                return states;
            }
            Thread.sleep(50);
        }
    }

    /** Three replicas, each with exactly the {@code acked} commands (the creation's +0 and the +1s), one history. */
    private static boolean agree(List<CounterState> states, long acked) {
        return states.size() == 3 && states.stream().allMatch(s -> s.applies() == acked && s.sum() == acked - 1
                && s.chain() == states.get(0).chain());
    }

    /** The system's load average over the last minute (-1 where the platform has none). */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
