package org.vigne.sim.gcs;

import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtMessage;
import org.vigne.gcs.GcsConfig;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.SubmitResult;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.SimEvent;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.Simulator;
import org.vigne.sim.churn.ChurnDriver;
import org.vigne.sim.churn.ChurnModel;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;

/**
 * {@code vigne sim gcs}: builds a ring, creates G groups of r replicas once it has converged, lets
 * them settle, then submits commands to the groups that are not idle (a Poisson process, C per
 * group per minute) from random nodes under churn and loss, with the {@link GcsChecker} watching
 * every apply and acknowledgement. Measures commit latency, failovers, majority losses and
 * rebuilds, and the bytes of group communication against the overlay's and DHT's maintenance.
 */
public final class GcsExperiment {
    /** The kind (and DHT) of the experiment's groups. */
    public static final String KIND = "bench";
    private static final int MAX_CREATE_ATTEMPTS = 10;
    /** Commands are planned this far ahead (see {@link #planCommands}). */
    private static final long PLAN_MS = 1_000;

    private final GcsRun.Config config;
    private final Progress progress;
    private final ApplyLog applyLog;
    private final GcsTotals totals;
    private final int threads;
    /** Bytes and messages the nodes send, added to by every partition's thread. */
    private final LongAdder gcsBytes = new LongAdder();
    private final LongAdder gcsMessages = new LongAdder();
    private final LongAdder maintenanceBytes = new LongAdder();
    private SimWorld world;
    private Simulator sim;
    private Population population;
    private GcsChecker checker;
    private FailoverClock clock;
    private GroupId[] groups;
    private boolean[] idle;
    private int createsPending;
    private volatile boolean measuring;
    private final Set<String> lostMajorities = new HashSet<>();

    GcsExperiment(GcsRun.Config config, Progress progress, ApplyLog applyLog, GcsTotals totals, int threads) {
        this.config = config;
        this.progress = progress;
        this.applyLog = applyLog;
        this.totals = totals;
        this.threads = threads;
    }

    /** Runs one seed, adding its figures to the totals. */
    void run(long seed) {
        long wall0 = System.nanoTime();
        ChurnModel churn = ChurnModel.parse(config.churn());
        world = new SimWorld(new NetworkModel(5, 150, 0.1, config.loss(), config.duplication()), seed);
        world.setPartitions(threads);
        sim = world.sim();
        checker = new GcsChecker();
        clock = new FailoverClock(sim::nowMs);
        List<org.vigne.gcs.GcsObserver> observers = new ArrayList<>(List.of(checker, clock));
        if (applyLog != null) {
            applyLog.startRun(seed, sim::nowMs);
            observers.add(applyLog);
        }
        GcsConfig gc = GcsConfig.defaults().withQuiesceAfterTicks(config.quiesceAfterTicks())
                .withRecoveryGraceMs(config.recoveryGraceMs());
        OverlayConfig oc = OverlayConfig.defaults().withLeafSetSize(config.leafSetSize());
        Oracle oracle = new Oracle();
        population = new Population(world, oracle, GcsNode.setup(oc, DhtConfig.defaults(), gc, KIND, config.replicas(),
                new ObserverTee(sim, observers), (id, payload) -> { }));
        population.onDeparture(this::departing);
        world.setMeter(this::meter);
        RingBuilder.Built built = RingBuilder.build(population, config.nodes(), config.leafSetSize(), progress);
        createGroups();
        sim.runUntil(sim.nowMs() + config.settleMs());

        long t0 = sim.nowMs();
        long end = t0 + config.durationMs();
        long joins0 = population.joins();
        long crashes0 = population.crashes();
        long leaves0 = population.leaves();
        measuring = true;
        clock.measuring = true;
        new ChurnDriver(population, churn, config.leaveFraction()).start();
        planCommands(t0, end - gc.submitTimeoutMs());
        double liveSum = 0;
        long samples = 0;
        while (sim.nowMs() < end) {
            sim.runUntil(Math.min(end, sim.nowMs() + 1000));
            liveSum += oracle.size();
            samples++;
            progress.report(String.format("seed %d: sim %d/%d s, %d live, %d commands submitted, %d acknowledged",
                    seed, (sim.nowMs() - t0) / 1000, config.durationMs() / 1000, oracle.size(), totals.submitted,
                    totals.acked));
        }
        measuring = false;
        clock.measuring = false;
        sim.runUntil(end + gc.submitTimeoutMs() + 5_000);
        finish(seed, built, samples == 0 ? 0 : liveSum / samples, population.joins() - joins0,
                population.crashes() - crashes0, population.leaves() - leaves0, wall0);
        Reference.reachabilityFence(world);
    }

    private void finish(long seed, RingBuilder.Built built, double meanLive, long joins, long crashes, long leaves,
                        long wall0) {
        Map<GroupId, Long> applied = liveApplied();
        GcsChecker.Losses losses = checker.finish(g -> applied.getOrDefault(g, -1L));
        int gone = 0;
        for (GroupId g : groups) {
            gone += applied.containsKey(g) ? 0 : 1;
        }
        GcsTotals t = totals;
        t.violations += checker.violations();
        if (checker.violations() > 0) {
            t.failedSeeds.add(seed);
            for (String v : checker.described()) {
                if (t.firstViolations.size() < 10) {
                    t.firstViolations.add("seed " + seed + ": " + v);
                }
            }
        }
        t.duplicateApplies += checker.duplicateApplies();
        t.gcsBytes += gcsBytes.sum();
        t.gcsMessages += gcsMessages.sum();
        t.maintenanceBytes += maintenanceBytes.sum();
        t.lostInRebuilds += losses.inRebuilds();
        t.lostInGoneGroups += losses.inGoneGroups();
        t.notHeld += losses.notHeld();
        t.recoveries += checker.rebuiltGroups();
        t.groupsGone += gone;
        t.majorityLosses += lostMajorities.size();
        t.leaderChanges += clock.leaderChanges;
        t.failovers.addAll(clock.failovers);
        t.leaderDepartures += clock.leaderDepartures;
        t.failoversUnresolved += clock.unresolved();
        t.liveNodeSeconds += meanLive * config.durationMs() / 1000.0;
        t.joins += joins;
        t.crashes += crashes;
        t.leaves += leaves;
        t.converged &= built.converged();
        for (SimNode n : population.members()) {
            GcsNode g = GcsNode.of(n);
            if (g == null) {
                continue;
            }
            t.malformed += g.gcs().counters().malformed + g.gcs().counters().handlerErrors;
            t.stateMachineErrors += g.gcs().counters().stateMachineErrors;
            t.activeGroupsAtEnd += g.gcs().activeGroups();
            t.replicasAtEnd += g.gcs().hostedGroups();
        }
        t.events += sim.eventsFired();
        t.wallSeconds += (System.nanoTime() - wall0) / 1e9;
    }

    /** For every group, the highest index a live replica of its latest generation applied. */
    private Map<GroupId, Long> liveApplied() {
        Map<GroupId, Long> out = new HashMap<>();
        for (SimNode n : population.members()) {
            GcsNode gn = GcsNode.of(n);
            if (gn == null) {
                continue;
            }
            for (GroupInfo i : gn.gcs().infos()) {
                if (i.generation() == checker.latestGeneration(i.id())) {
                    out.merge(i.id(), i.applied(), Math::max);
                }
            }
        }
        return out;
    }

    private void meter(Message m, int bytes) {
        if (!measuring) {
            return;
        }
        boolean dhtClient = m instanceof DhtMessage d && !DhtMessage.maintenance(d)
                || m instanceof OverlayMessage.Route r && r.payload() instanceof DhtMessage d2 && !DhtMessage.maintenance(d2);
        if (GcsMessage.is(m) || dhtClient) {
            gcsBytes.add(bytes);
            gcsMessages.increment();
            totals.mix.add(m);
        } else {
            maintenanceBytes.add(bytes);
        }
    }

    /** A node departs: count groups that lose a majority of their live members, and start failover clocks. */
    private void departing(SimNode n, boolean graceful) {
        clock.departed(n);
        GcsNode gn = GcsNode.of(n);
        if (gn == null || !measuring) {
            return;
        }
        for (GroupInfo i : gn.gcs().infos()) {
            int live = 0;
            for (NodeHandle m : i.members()) {
                if (m.port() != n.index() && hosts(m, i)) {
                    live++;
                }
            }
            if (i.members().size() > 0 && live < i.members().size() / 2 + 1) {
                lostMajorities.add(i.id() + "/" + i.generation());
            }
        }
    }

    private boolean hosts(NodeHandle member, GroupInfo group) {
        SimNode s = world.node(member.port());
        GcsNode gn = s.alive() && s.self().id().equals(member.id()) ? GcsNode.of(s) : null;
        GroupInfo mine = gn == null ? null : gn.gcs().info(group.id());
        return mine != null && mine.generation() == group.generation();
    }

    // ---- groups and commands ----------------------------------------------------------------------

    private void createGroups() {
        int g = config.groups();
        groups = new GroupId[g];
        idle = new boolean[g];
        int idleCount = (int) Math.round(g * config.idleFraction());
        for (int i = 0; i < g; i++) {
            groups[i] = new GroupId(KIND, Id.random(world.random()));
            idle[i] = i < idleCount;
        }
        long spreadMs = Math.max(5_000, g * 5L);
        long t = sim.nowMs();
        createsPending = g;
        for (int i = 0; i < g; i++) {
            int k = i;
            sim.schedule(t + (long) i * spreadMs / Math.max(1, g), event(() -> create(k, 1)));
        }
        long limit = t + spreadMs + 5 * 60_000;
        while (sim.nowMs() < limit && (createsPending > 0 || sim.nowMs() < t + spreadMs)) {
            sim.runUntil(sim.nowMs() + 1000);
            progress.report("creating groups: " + (g - createsPending) + "/" + g + " done");
        }
        totals.groupsCreateFailed += createsPending;
    }

    private void create(int k, int attempt) {
        GcsNode n = GcsNode.of(population.randomMember());
        if (n == null) {
            sim.after(1000, () -> create(k, attempt));
            return;
        }
        n.gcs().createGroup(groups[k], new byte[0], r -> sim.defer(() -> {
            if (r.ok() || r.status() == SubmitResult.Status.EXISTS) {
                totals.groupsCreated++;
                createsPending--;
            } else if (attempt < MAX_CREATE_ATTEMPTS) {
                sim.after(1000, () -> create(k, attempt + 1));
            } else {
                createsPending--;
            }
        }));
    }

    /**
     * Plans the commands of the next {@link #PLAN_MS} at once, a Poisson process at the configured
     * rate per active group: each command's instant, group, submitter (a member now) and bytes are
     * drawn here, in the world's order, and the submitter submits it at that instant from a timer
     * of its own (silent if it went down meanwhile). An event of the world per command would cut
     * the simulator's windows short (see {@link Simulator}).
     */
    private void planCommands(long from, long stopMs) {
        int active = groups.length - (int) Math.round(groups.length * config.idleFraction());
        if (config.commandsPerMinute() <= 0 || active == 0 || from >= stopMs) {
            return;
        }
        long until = Math.min(stopMs, from + PLAN_MS);
        double perMs = config.commandsPerMinute() * active / 60_000.0;
        long at = from;
        while (population.memberCount() > 0) {
            at += Math.max(1, Math.round(-Math.log(1 - world.random().nextDouble()) / perMs));
            if (at >= until) {
                break;
            }
            int k = groups.length - active + world.random().nextInt(active);
            SimNode node = population.randomMember();
            byte[] cmd = ProbeMachine.command(node.self(), world.random().nextLong(), config.commandBytes());
            node.schedule(at - from, () -> submit(node, groups[k], cmd));
        }
        sim.schedule(until, event(() -> planCommands(until, stopMs)));
    }

    /** Runs in {@code from}'s event: submits {@code cmd}; the figures are the world's, changed after the window. */
    private void submit(SimNode from, GroupId group, byte[] cmd) {
        GcsNode n = GcsNode.of(from);
        if (n == null) {
            return;
        }
        long issued = sim.nowMs();
        sim.defer(() -> totals.submitted++);
        n.gcs().submit(group, cmd, r -> {
            boolean alive = from.alive();
            long now = sim.nowMs();
            sim.defer(() -> {
                if (r.ok()) {
                    totals.acked++;
                    totals.commitLatency.add(now - issued);
                } else if (r.status() != SubmitResult.Status.UNAVAILABLE || alive) {
                    totals.failed++;
                } else {
                    totals.submitterDied++;
                }
            });
        });
    }

    private static SimEvent event(Runnable action) {
        return new SimEvent() {
            @Override
            protected void fire() {
                action.run();
            }
        };
    }

    /** The replay command of one seed, for failure messages. */
    static String replay(GcsRun.Config c, long seed, Path applyLog) {
        return String.format("vigne sim gcs --nodes %d --duration %dms --churn %s --loss %s --duplication %s --seed %d"
                        + " --leaf-set %d --leave-fraction %s --groups %d --replicas %d --commands %s --idle-fraction %s"
                        + " --settle %dms --quiesce-after %dms --recovery-grace %dms --command-bytes %d%s",
                c.nodes(), c.durationMs(), c.churn(), c.loss(), c.duplication(), seed, c.leafSetSize(), c.leaveFraction(),
                c.groups(), c.replicas(), c.commandsPerMinute(), c.idleFraction(), c.settleMs(),
                c.quiesceAfterTicks() * GcsConfig.defaults().tickMs(),
                c.recoveryGraceMs(), c.commandBytes(), applyLog == null ? "" : " --apply-log " + applyLog);
    }
}
