package org.vigne.gcs;

import org.vigne.core.Id;

/**
 * The replicas a node hosts, found by group on every message: an open-addressing table of the
 * replicas themselves, compared by the key each replica keeps in its own fields. Looking a group
 * up reads one slot and the replica it is for (which the handler reads next anyway), where a hash
 * map of group ids also reads its entry, the id and the key, each a cache miss on a node whose
 * state is cold (the simulator runs thousands of nodes, one message each in turn).
 */
final class ReplicaIndex<R extends ReplicaIndex.Keyed> {
    /** What the index holds: something of one group, which says cheaply whether it is of a given group. */
    interface Keyed {
        GroupId group();

        /** True when this is of the group of kind {@code kind} and key {@code key}. */
        boolean is(String kind, Id key);
    }

    private Object[] table = new Object[16];
    private int size;

    private static int slot(Id key, int mask) {
        long h = key.hi() * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    /** The replica of {@code id}, or null. */
    R get(GroupId id) {
        Id key = id.key();
        int mask = table.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            R g = at(i);
            if (g == null || g.is(id.kind(), key)) {
                return g;
            }
        }
    }

    /** Adds {@code g}, replacing the replica of the same group if there was one. */
    void put(R g) {
        if (2 * (size + 1) > table.length) {
            grow();
        }
        int mask = table.length - 1;
        GroupId id = g.group();
        for (int i = slot(id.key(), mask); ; i = (i + 1) & mask) {
            R at = at(i);
            if (at == null) {
                table[i] = g;
                size++;
                return;
            }
            if (at.is(id.kind(), id.key())) {
                table[i] = g;
                return;
            }
        }
    }

    /** Removes the replica of {@code id}, if any (backward-shift deletion keeps every probe run unbroken). */
    void remove(GroupId id) {
        int mask = table.length - 1;
        int i = slot(id.key(), mask);
        while (table[i] != null && !at(i).is(id.kind(), id.key())) {
            i = (i + 1) & mask;
        }
        if (table[i] == null) {
            return;
        }
        table[i] = null;
        size--;
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = slot(at(j).group().key(), mask);
            // Move table[j] into the hole at i unless its home lies cyclically in (i, j].
            if (((j - home) & mask) >= ((j - i) & mask)) {
                table[i] = table[j];
                table[j] = null;
                i = j;
            }
        }
    }

    void clear() {
        java.util.Arrays.fill(table, null);
        size = 0;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    private R at(int i) {
        return (R) table[i];
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        Object[] old = table;
        table = new Object[old.length * 2];
        size = 0;
        for (Object g : old) {
            if (g != null) {
                put((R) g);
            }
        }
    }
}
