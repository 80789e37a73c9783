package org.vigne.sim.check;

import java.util.Arrays;

/** A growable list of ints, to keep the search free of boxing. */
final class IntList {
    private int[] items = new int[8];
    private int size;

    void add(int v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = v;
    }

    int size() {
        return size;
    }

    int get(int k) {
        return items[k];
    }

    boolean contains(int v) {
        for (int i = 0; i < size; i++) {
            if (items[i] == v) {
                return true;
            }
        }
        return false;
    }

    void clear() {
        size = 0;
    }

    int[] toArray() {
        return Arrays.copyOf(items, size);
    }
}
