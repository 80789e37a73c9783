package org.vigne.sim.data;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.vigne.sim.data.History.Op;
import org.vigne.sim.data.History.Operation;

/**
 * Linearizability of one register's history: Wing and Gong's search with Lowe's memoisation of
 * (operations linearized, register value). Operations that never returned may take effect at any
 * point after their call, or never. Stand-in until the shared checker of {@code org.vigne.sim.check}
 * is merged.
 */
final class RegisterChecker {
    private RegisterChecker() {
    }

    private static final class Entry {
        final int op;
        final boolean call;
        final long seq;
        Entry match;
        Entry prev;
        Entry next;

        Entry(int op, boolean call, long seq) {
            this.op = op;
            this.call = call;
            this.seq = seq;
        }
    }

    private record Memo(BitSet linearized, String value) {
    }

    /** True when {@code ops} (one register, starting with {@code initial}) can be linearized. */
    static boolean linearizable(List<Operation> ops, String initial) {
        List<Operation> kept = new ArrayList<>();
        for (Operation o : ops) {
            if (o.completed() || o.op() != Op.READ) {
                kept.add(o); // a read that never returned constrains nothing
            }
        }
        Entry head = entries(kept);
        int completed = 0;
        for (Operation o : kept) {
            completed += o.completed() ? 1 : 0;
        }
        String value = initial;
        BitSet done = new BitSet(kept.size());
        Set<Memo> seen = new HashSet<>();
        ArrayList<Entry> stack = new ArrayList<>();
        ArrayList<String> values = new ArrayList<>();
        Entry e = head.next;
        while (completed > 0) {
            if (e != null && e.call) {
                Operation o = kept.get(e.op);
                String next = step(o, value);
                if (next != null) {
                    BitSet d = (BitSet) done.clone();
                    d.set(e.op);
                    if (seen.add(new Memo(d, next))) {
                        stack.add(e);
                        values.add(value);
                        value = next;
                        done.set(e.op);
                        completed -= o.completed() ? 1 : 0;
                        lift(e);
                        e = head.next;
                        continue;
                    }
                }
                e = e.next;
            } else {
                if (stack.isEmpty()) {
                    return false;
                }
                Entry top = stack.remove(stack.size() - 1);
                value = values.remove(values.size() - 1);
                done.clear(top.op);
                completed += kept.get(top.op).completed() ? 1 : 0;
                unlift(top);
                e = top.next;
            }
        }
        return true;
    }

    /** The register's value after {@code o} applied to {@code value}, or null when {@code o} cannot apply there. */
    private static String step(Operation o, String value) {
        switch (o.op()) {
            case READ:
                return Objects.equals(o.output(), value) ? value : null;
            case WRITE:
                return o.input();
            default:
                boolean match = Objects.equals(o.expected(), value);
                if (!o.completed()) {
                    return match ? o.input() : value;
                }
                if ("ok".equals(o.output())) {
                    return match ? o.input() : null;
                }
                return match ? null : value;
        }
    }

    private static Entry entries(List<Operation> ops) {
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            Operation o = ops.get(i);
            Entry c = new Entry(i, true, o.callSeq());
            Entry r = new Entry(i, false, o.completed() ? o.returnSeq() : Long.MAX_VALUE);
            c.match = r;
            all.add(c);
            all.add(r);
        }
        all.sort((a, b) -> Long.compare(a.seq, b.seq));
        Entry head = new Entry(-1, false, -1);
        Entry last = head;
        for (Entry x : all) {
            last.next = x;
            x.prev = last;
            last = x;
        }
        return head;
    }

    private static void lift(Entry call) {
        call.prev.next = call.next;
        if (call.next != null) {
            call.next.prev = call.prev;
        }
        Entry r = call.match;
        r.prev.next = r.next;
        if (r.next != null) {
            r.next.prev = r.prev;
        }
    }

    private static void unlift(Entry call) {
        Entry r = call.match;
        r.prev.next = r;
        if (r.next != null) {
            r.next.prev = r;
        }
        call.prev.next = call;
        if (call.next != null) {
            call.next.prev = call;
        }
    }
}
