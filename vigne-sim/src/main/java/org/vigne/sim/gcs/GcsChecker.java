package org.vigne.sim.gcs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigne.gcs.GcsObserver;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.Entry;
import org.vigne.gcs.raft.EntryKind;
import org.vigne.gcs.raft.Member;

/**
 * The invariant checker of group communication, apart from the protocol: it watches every apply
 * of every replica, every snapshot restore, every leader and every acknowledgement of every node
 * (as the {@link GcsObserver} of all of them), and checks:
 * <ul>
 *   <li>agreement: no two replicas of a group generation apply different entries at one index;</li>
 *   <li>no gap: each replica applies consecutive indexes after its start (creation, snapshot, rebuild);</li>
 *   <li>no duplicate: a client command reaches a state machine at one position of the group's
 *       surviving history only (it may reach it again only if its first position was lost in a
 *       counted rebuild);</li>
 *   <li>acknowledged means applied: an acknowledged command was applied where the answer says, and
 *       its result is the state the agreed history gives there (so a replica restored from a bad
 *       snapshot is caught when it answers);</li>
 *   <li>at most one leader per term of a group generation;</li>
 *   <li>at the end, every acknowledged command is in the history of the group's last generation,
 *       unless a counted rebuild or the loss of every member took it.</li>
 * </ul>
 * A violation is recorded with enough context to find it; runs and tests fail on any.
 */
public final class GcsChecker implements GcsObserver {
    private static final int KEPT = 20;

    private record ClientSeq(long client, long seq) {
    }

    private record Position(long generation, long index, long chain) {
    }

    /** One generation of one group: its parent and base, and the digest and chain of every index applied. */
    private static final class Generation {
        final Long parent;
        final long base;
        final long baseChain;
        long[] digest = new long[16];
        long[] chain = new long[16];
        boolean[] set = new boolean[16];
        /** The last index each member applied, by member id: a handful of members, scanned (no boxing on every apply). */
        private long[] members = new long[8];
        private long[] lastIndex = new long[8];
        private int memberCount;
        final Map<Long, Long> leaders = new HashMap<>();

        Generation(Long parent, long base, long baseChain) {
            this.parent = parent;
            this.base = base;
            this.baseChain = baseChain;
        }

        /** The last index {@code member} applied or was restored to, or {@code none}. */
        long lastApplied(long member, long none) {
            for (int i = 0; i < memberCount; i++) {
                if (members[i] == member) {
                    return lastIndex[i];
                }
            }
            return none;
        }

        void setLastApplied(long member, long index) {
            for (int i = 0; i < memberCount; i++) {
                if (members[i] == member) {
                    lastIndex[i] = index;
                    return;
                }
            }
            if (memberCount == members.length) {
                members = Arrays.copyOf(members, 2 * memberCount);
                lastIndex = Arrays.copyOf(lastIndex, 2 * memberCount);
            }
            members[memberCount] = member;
            lastIndex[memberCount++] = index;
        }

        boolean has(long index) {
            long k = index - base - 1;
            return index == base || (k >= 0 && k < set.length && set[(int) k]);
        }

        long chainAt(long index) {
            return index == base ? baseChain : chain[(int) (index - base - 1)];
        }

        void record(long index, long d, long c) {
            int k = (int) (index - base - 1);
            if (k >= set.length) {
                int n = Math.max(k + 1, set.length * 2);
                digest = Arrays.copyOf(digest, n);
                chain = Arrays.copyOf(chain, n);
                set = Arrays.copyOf(set, n);
            }
            digest[k] = d;
            chain[k] = c;
            set[k] = true;
        }
    }

    private static final class History {
        final Map<Long, Generation> generations = new HashMap<>();
        final Map<ClientSeq, Position> firstApply = new HashMap<>();
        final List<Position> acks = new ArrayList<>();
        long latest = Long.MIN_VALUE;
        int rebuilds;
        /** The generation looked up last, and its number: nearly every apply is of the one before. */
        Generation last;
        long lastNumber;
    }

    private final Map<GroupId, History> groups = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long violationCount;
    private long duplicateApplies;
    private long reappliedAfterRebuild;
    private long acknowledged;

    /** Violations seen so far (all of them counted, the first {@value #KEPT} described). */
    public long violations() {
        return violationCount;
    }

    public List<String> described() {
        return List.copyOf(violations);
    }

    public long duplicateApplies() {
        return duplicateApplies;
    }

    public long acknowledged() {
        return acknowledged;
    }

    /** Commands applied again after their first application was lost in a rebuild (allowed, counted). */
    public long reappliedAfterRebuild() {
        return reappliedAfterRebuild;
    }

    private void violation(String what) {
        violationCount++;
        if (violations.size() < KEPT) {
            violations.add(what);
        }
    }

    private History history(GroupId g) {
        return groups.computeIfAbsent(g, k -> new History());
    }

    private Generation generation(History h, long gen) {
        if (h.last != null && h.lastNumber == gen) {
            return h.last;
        }
        Generation x = h.generations.get(gen);
        if (x == null) {
            x = new Generation(null, 0, 0);
            h.generations.put(gen, x);
        }
        h.latest = Math.max(h.latest, gen);
        h.last = x;
        h.lastNumber = gen;
        return x;
    }

    static long digest(Entry e) {
        long h = ProbeMachine.next(e.term(), e.index(), e.data());
        return h * 31 + e.kind().ordinal() * 7919L + e.clientId() * 131 + e.seq();
    }

    @Override
    public void applied(GroupId group, long gen, Member member, Entry e, boolean reached) {
        History h = history(group);
        Generation g = generation(h, gen);
        long expected = g.lastApplied(member.id(), g.base) + 1;
        if (e.index() != expected) {
            violation(group + " gen " + gen + ": gap, " + member + " applied " + e.index() + " after "
                    + (expected - 1));
        }
        g.setLastApplied(member.id(), e.index());
        long d = digest(e);
        long chain;
        if (g.has(e.index())) {
            if (g.digest[(int) (e.index() - g.base - 1)] != d) {
                violation(group + " gen " + gen + ": agreement, " + member + " applied another entry at " + e.index());
            }
            chain = g.chainAt(e.index());
        } else {
            long prev = g.has(e.index() - 1) ? g.chainAt(e.index() - 1) : 0;
            chain = reached ? ProbeMachine.next(prev, e.index(), e.data()) : prev;
            g.record(e.index(), d, chain);
        }
        if (reached && e.kind() == EntryKind.COMMAND && e.clientId() != 0) {
            checkDuplicate(group, h, new ClientSeq(e.clientId(), e.seq()), new Position(gen, e.index(), chain));
        }
    }

    private void checkDuplicate(GroupId group, History h, ClientSeq cs, Position now) {
        Position first = h.firstApply.get(cs);
        if (first == null) {
            h.firstApply.put(cs, now);
            return;
        }
        if (first.generation() == now.generation() && first.index() == now.index()) {
            return;
        }
        if (first.generation() != now.generation() && !survives(h, first, now.generation())) {
            reappliedAfterRebuild++;
            h.firstApply.put(cs, now);
            return;
        }
        duplicateApplies++;
        violation(group + ": duplicate, client " + Long.toHexString(cs.client()) + " seq " + cs.seq() + " applied at "
                + first.index() + " (gen " + first.generation() + ") and again at " + now.index() + " (gen "
                + now.generation() + ")");
    }

    /**
     * True when position {@code p} is part of the history of generation {@code gen}: its generation
     * is an ancestor of {@code gen} and every rebuild since kept its index.
     */
    private static boolean survives(History h, Position p, long gen) {
        long g = gen;
        long keep = Long.MAX_VALUE;
        while (g != p.generation()) {
            Generation x = h.generations.get(g);
            if (x == null || x.parent == null) {
                return false;
            }
            keep = Math.min(keep, x.base);
            g = x.parent;
        }
        return p.index() <= keep;
    }

    /** The chain of generation {@code gen}'s history at {@code index} (through its ancestors below its base). */
    private static long chainOf(History h, long gen, long index) {
        Generation x = h.generations.get(gen);
        if (x == null) {
            return 0;
        }
        if (index < x.base && x.parent != null) {
            return chainOf(h, x.parent, index);
        }
        return x.has(index) ? x.chainAt(index) : 0;
    }

    @Override
    public void restored(GroupId group, long gen, Member member, long index) {
        Generation g = generation(history(group), gen);
        g.setLastApplied(member.id(), index);
    }

    @Override
    public void leader(GroupId group, long gen, long term, Member member) {
        Generation g = generation(history(group), gen);
        Long was = g.leaders.putIfAbsent(term, member.id());
        if (was != null && was != member.id()) {
            violation(group + " gen " + gen + ": two leaders in term " + term);
        }
    }

    @Override
    public void rebuilt(GroupId group, long gen, long parent, Member member, long base) {
        History h = history(group);
        Generation g = new Generation(parent, base, chainOf(h, parent, base));
        g.setLastApplied(member.id(), base);
        Generation was = h.generations.put(gen, g);
        h.last = null;
        if (was != null) {
            violation(group + ": generation " + gen + " rebuilt twice");
        }
        h.latest = Math.max(h.latest, gen);
        h.rebuilds++;
    }

    @Override
    public void completed(GroupId group, long clientId, long seq, byte[] command, SubmitResult r) {
        if (r.status() != SubmitResult.Status.OK) {
            return;
        }
        acknowledged++;
        History h = history(group);
        Position p = h.firstApply.get(new ClientSeq(clientId, seq));
        if (p == null) {
            if (command.length > 0) {
                violation(group + ": acknowledged client " + Long.toHexString(clientId) + " seq " + seq
                        + " was never applied");
            }
            return;
        }
        if (r.result().length != 8 || ByteBuffer.wrap(r.result()).getLong() != p.chain()) {
            violation(group + ": acknowledged client " + Long.toHexString(clientId) + " seq " + seq
                    + " with a result that is not the agreed state at index " + p.index() + " of generation "
                    + p.generation() + " (answer for index " + r.index() + ", " + r.result().length + " bytes)");
        }
        h.acks.add(p);
    }

    /** Groups that rebuilt at least once. */
    public int rebuiltGroups() {
        int n = 0;
        for (History h : groups.values()) {
            n += h.rebuilds > 0 ? 1 : 0;
        }
        return n;
    }

    /**
     * The end of a run: acknowledged commands their group's live replicas do not hold, because a
     * counted rebuild dropped them, because every member is gone, or because no live replica of the
     * last generation has applied them (a group still waiting to rebuild after losing its majority;
     * a real loss with a live majority would have shown as an agreement violation, since the
     * leader that acknowledged a command applied it).
     */
    public record Losses(long inRebuilds, long inGoneGroups, long notHeld) {
        public long total() {
            return inRebuilds + inGoneGroups + notHeld;
        }
    }

    /**
     * Counts the losses; {@code liveApplied} gives, for a group, the highest index a live replica
     * of its last generation has applied, or -1 when it has no live replica.
     */
    public Losses finish(java.util.function.ToLongFunction<GroupId> liveApplied) {
        long rebuilt = 0;
        long gone = 0;
        long notHeld = 0;
        for (Map.Entry<GroupId, History> e : groups.entrySet()) {
            History h = e.getValue();
            long applied = liveApplied.applyAsLong(e.getKey());
            for (Position p : h.acks) {
                if (applied < 0) {
                    gone++;
                } else if (!survives(h, p, h.latest)) {
                    rebuilt++;
                } else if (p.generation() == h.latest && p.index() > applied) {
                    notHeld++;
                }
            }
        }
        return new Losses(rebuilt, gone, notHeld);
    }

    /** The latest generation seen of {@code group} (for the caller's liveApplied). */
    public long latestGeneration(GroupId group) {
        History h = groups.get(group);
        return h == null ? Long.MIN_VALUE : h.latest;
    }
}
