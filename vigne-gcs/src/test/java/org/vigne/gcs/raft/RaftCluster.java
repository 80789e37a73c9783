package org.vigne.gcs.raft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * Replicas of one group wired through an in-memory network the test controls: messages wait in a
 * queue until delivered, and may be dropped (partitions, loss), duplicated or reordered. Each
 * replica's state machine records the data of the commands it applies, so tests compare histories.
 * Everything derives from one seed.
 */
final class RaftCluster {
    record Envelope(Member from, Member to, RaftMessage msg) {
    }

    final List<Member> members = new ArrayList<>();
    final Map<Member, RaftReplica> replicas = new HashMap<>();
    final Map<Member, List<String>> applied = new HashMap<>();
    /** Leaders seen, by term: at most one per term (election safety). */
    final Map<Long, Set<Member>> leadersByTerm = new HashMap<>();
    final Deque<Envelope> queue = new ArrayDeque<>();
    final Set<Member> isolated = new HashSet<>();
    final SplittableRandom random;
    final RaftConfig config;
    long sent;

    RaftCluster(int n, long seed) {
        this(n, seed, RaftConfig.defaults());
    }

    RaftCluster(int n, long seed, RaftConfig config) {
        this.random = new SplittableRandom(seed);
        this.config = config;
        for (int i = 0; i < n; i++) {
            members.add(new Member(new NodeHandle(Id.random(random), "t", i), i + 1));
        }
        Configuration c = Configuration.of(members);
        for (Member m : members) {
            add(m, new Snapshot(0, 0, c, new byte[0]));
        }
    }

    /** Adds a replica starting from {@code base} (an empty one for a learner that will get a snapshot). */
    RaftReplica add(Member m, Snapshot base) {
        List<String> history = new ArrayList<>();
        applied.put(m, history);
        RaftReplica[] self = new RaftReplica[1];
        RaftHost host = new RaftHost() {
            @Override
            public void send(Member to, RaftMessage msg) {
                sent++;
                queue.add(new Envelope(m, to, msg));
            }

            @Override
            public byte[] snapshotData() {
                return String.join(",", history).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public void restore(Snapshot s) {
                history.clear();
                String text = new String(s.data(), StandardCharsets.UTF_8);
                if (!text.isEmpty()) {
                    history.addAll(List.of(text.split(",")));
                }
            }

            @Override
            public void roleChanged(Role role, long term, Member leader) {
                if (role == Role.LEADER) {
                    leadersByTerm.computeIfAbsent(term, t -> new HashSet<>()).add(m);
                }
            }
        };
        self[0] = new RaftReplica(config, m, base, random.split(), host);
        replicas.put(m, self[0]);
        if (!members.contains(m)) {
            members.add(m);
        }
        return self[0];
    }

    RaftReplica r(int i) {
        return replicas.get(members.get(i));
    }

    Member m(int i) {
        return members.get(i);
    }

    /** Applies what each replica has committed. */
    void applyAll() {
        for (Member m : members) {
            RaftReplica r = replicas.get(m);
            if (r == null) {
                continue;
            }
            for (long i = r.applied() + 1; i <= r.committed(); i++) {
                Entry e = r.entry(i);
                if (e.kind() == EntryKind.COMMAND) {
                    applied.get(m).add(new String(e.data(), StandardCharsets.UTF_8));
                }
                r.appliedTo(i);
            }
        }
    }

    /** Delivers queued messages (and those they cause) until none are left, dropping those to or from isolated members. */
    void deliverAll() {
        int guard = 0;
        while (!queue.isEmpty() && guard++ < 1_000_000) {
            deliver(queue.poll());
        }
    }

    void deliver(Envelope e) {
        if (isolated.contains(e.from()) || isolated.contains(e.to())) {
            return;
        }
        RaftReplica r = replicas.get(e.to());
        if (r != null) {
            r.step(e.from(), e.msg());
            applyAll();
        }
    }

    /** Drops everything queued. */
    void dropAll() {
        queue.clear();
    }

    /** Ticks every replica once, then delivers everything. */
    void tickAll() {
        for (Member m : members) {
            RaftReplica r = replicas.get(m);
            if (r != null) {
                r.tick();
            }
        }
        applyAll();
        deliverAll();
    }

    /** Ticks until some replica leads, at most {@code max} times; returns it or null. */
    RaftReplica electLeader(int max) {
        for (int i = 0; i < max; i++) {
            tickAll();
            RaftReplica l = leader();
            if (l != null) {
                return l;
            }
        }
        return null;
    }

    /** The replica leading the highest term among reachable replicas, or null. */
    RaftReplica leader() {
        RaftReplica best = null;
        for (Member m : members) {
            RaftReplica r = replicas.get(m);
            if (r != null && !isolated.contains(m) && r.role() == Role.LEADER && (best == null || r.term() > best.term())) {
                best = r;
            }
        }
        return best;
    }

    long propose(RaftReplica leader, String data) {
        long i = leader.propose(Entry.command(0, 0, data.getBytes(StandardCharsets.UTF_8), 0, 0));
        applyAll();
        return i;
    }

    /** No two replicas applied different commands at the same position, and no term had two leaders. */
    void checkSafety() {
        List<String> longest = List.of();
        for (List<String> h : applied.values()) {
            if (h.size() > longest.size()) {
                longest = h;
            }
        }
        for (Map.Entry<Member, List<String>> e : applied.entrySet()) {
            List<String> h = e.getValue();
            if (!longest.subList(0, h.size()).equals(h)) {
                throw new AssertionError("state machines diverge: " + e.getKey() + " applied " + h + " vs " + longest);
            }
        }
        leadersByTerm.forEach((t, l) -> {
            if (l.size() > 1) {
                throw new AssertionError("term " + t + " had leaders " + l);
            }
        });
    }
}
