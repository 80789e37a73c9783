package org.vigne.dht;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.dht.DhtMessage.WriteAck;

/**
 * The issuer's count of a write's holders (the root included, so need - 1 replica acknowledgements):
 * distinct nodes, one version, never a version a replica has already seen overtaken.
 */
class WriteAcksTest {
    private static final Id A = Id.sha1("a");
    private static final Id B = Id.sha1("b");
    private static final Id C = Id.sha1("c");
    private static final Id D = Id.sha1("d");

    private static WriteAck ack(long version, int need) {
        return new WriteAck(1, version, version, need);
    }

    @Test
    void completesOnceNeedMinusOneDistinctReplicasHoldTheVersion() {
        WriteAcks w = new WriteAcks();
        assertThat(w.add(A, ack(5, 3))).isFalse();
        assertThat(w.add(A, ack(5, 3))).as("the same replica twice (a duplicated message)").isFalse();
        assertThat(w.add(B, ack(5, 3))).isTrue();
    }

    @Test
    void acknowledgementsOfTwoVersionsNeverAddUp() {
        WriteAcks w = new WriteAcks();
        assertThat(w.add(A, ack(5, 3))).isFalse();
        assertThat(w.add(B, ack(6, 3))).as("one holder of 5 and one of 6 are not two holders of either").isFalse();
        assertThat(w.add(C, ack(5, 3))).as("an older order no longer counts").isFalse();
        assertThat(w.add(D, ack(6, 3))).isTrue();
    }

    @Test
    void aReplicaHoldingALaterVersion_meansTheWriteIsNotCompletedAtThisOne() {
        WriteAcks w = new WriteAcks();
        assertThat(w.add(A, new WriteAck(1, 5, 7, 3))).isFalse();
        assertThat(w.add(B, ack(5, 3))).isFalse();
        assertThat(w.add(C, ack(5, 3))).as("overtaken: the root orders the write again").isFalse();
        assertThat(w.add(B, ack(8, 3))).isFalse();
        assertThat(w.add(C, ack(8, 3))).as("the root's new order completes it").isTrue();
    }

    @Test
    void theLargestNeedAnnouncedCounts() {
        WriteAcks w = new WriteAcks();
        assertThat(w.add(A, ack(5, 2))).isTrue();
        WriteAcks wider = new WriteAcks();
        assertThat(wider.add(A, ack(5, 3))).isFalse();
        assertThat(wider.add(B, ack(5, 2))).as("a store sent before the view widened does not lower the count").isTrue();
        WriteAcks three = new WriteAcks();
        assertThat(three.add(A, ack(5, 2))).isTrue();
        assertThat(three.add(B, ack(5, 4))).isFalse();
        assertThat(three.add(C, ack(5, 4))).isTrue();
    }
}
