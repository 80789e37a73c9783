package org.vigne.sim.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The definition of linearizability, executed literally for small histories: try every order of
 * the operations that respects real time, each operation that never returned taken anywhere or
 * left out. No memo, no shortcut: the reference the checker's verdicts are compared with.
 */
final class BruteForceLinearizability {
    private final List<Operation> ops = new ArrayList<>();
    private final boolean[][] precedes;
    private final boolean[] taken;

    private BruteForceLinearizability(List<Operation> history) {
        for (Operation o : history) {
            if (o.returned() || o.kind() != Operation.Kind.READ) {
                ops.add(o);
            }
        }
        int n = ops.size();
        precedes = new boolean[n][n];
        taken = new boolean[n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                Operation x = ops.get(a);
                Operation y = ops.get(b);
                boolean firstCalled = x.callMs() < y.callMs() || x.callMs() == y.callMs() && a < b;
                precedes[a][b] = a != b && (x.returnMs() < y.callMs()
                        || x.process().equals(y.process()) && firstCalled && x.returnMs() <= y.callMs());
            }
        }
    }

    static boolean linearizable(List<Operation> history, byte[] initial) {
        return new BruteForceLinearizability(history).search(initial);
    }

    private boolean search(byte[] state) {
        boolean allReturnedTaken = true;
        for (int i = 0; i < ops.size(); i++) {
            allReturnedTaken &= taken[i] || !ops.get(i).returned();
        }
        if (allReturnedTaken) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (taken[i] || !mayGoNext(i)) {
                continue;
            }
            Operation o = ops.get(i);
            byte[] after;
            boolean legal = true;
            switch (o.kind()) {
                case READ -> {
                    legal = Arrays.equals(state, o.output());
                    after = state;
                }
                case WRITE -> after = o.input();
                default -> {
                    boolean match = Arrays.equals(state, o.expected());
                    legal = !o.returned() || match == o.succeeded();
                    after = match ? o.input() : state;
                }
            }
            if (legal) {
                taken[i] = true;
                boolean found = search(after);
                taken[i] = false;
                if (found) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean mayGoNext(int i) {
        for (int p = 0; p < ops.size(); p++) {
            if (!taken[p] && precedes[p][i]) {
                return false;
            }
        }
        return true;
    }
}
