package org.vigne.sim;

/**
 * Sixty-four bytes laid out before a {@link Partition}'s fields (a superclass's fields come first),
 * as {@link Partition}'s last fields pad after them: two partitions are written by two threads at
 * every event, and the collector may place them side by side, where sharing a cache line would
 * send it back and forth between the cores (false sharing).
 */
abstract class PartitionPadding {
    private long p0;
    private long p1;
    private long p2;
    private long p3;
    private long p4;
    private long p5;
    private long p6;
    private long p7;
}
