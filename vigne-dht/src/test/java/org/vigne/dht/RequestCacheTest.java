package org.vigne.dht;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.dht.DhtMessage.Reply;
import org.vigne.dht.DhtResult.Status;

/** The root's memory of requests: a retry is recognised, gets the same reply, and memory is bounded in size and age. */
class RequestCacheTest {
    private static final Id A = Id.sha1("client a");
    private static final Id B = Id.sha1("client b");

    @Test
    void aRetry_isRecognised_andGetsTheFirstReply() {
        RequestCache c = new RequestCache(10, 1_000);
        c.started(A, 1, 0);
        assertThat(c.seen(A, 1)).isTrue();
        assertThat(c.reply(A, 1)).as("in progress: no reply yet").isNull();
        assertThat(c.seen(B, 1)).as("same request id from another client").isFalse();
        Reply r = new Reply(1, Status.OK, new byte[0], 5, "");
        c.answered(A, 1, r);
        c.answered(B, 9, r);
        assertThat(c.reply(A, 1)).isSameAs(r);
        assertThat(c.seen(B, 9)).as("an answer to an unknown request is not remembered").isFalse();
    }

    @Test
    void entriesOlderThanTheMaximumAge_areForgotten_oldestFirst() {
        RequestCache c = new RequestCache(10, 1_000);
        c.started(A, 1, 0);
        c.started(A, 2, 500);
        c.expire(1_000);
        assertThat(c.size()).as("nothing older than 1000 ms at 1000 ms").isEqualTo(2);
        c.expire(1_001);
        assertThat(c.seen(A, 1)).isFalse();
        assertThat(c.seen(A, 2)).isTrue();
        c.started(B, 1, 1_501);
        assertThat(c.seen(A, 2)).as("expired when a new request starts").isFalse();
        assertThat(c.size()).isEqualTo(1);
    }

    @Test
    void theOldestEntries_makeRoomWhenFull() {
        RequestCache c = new RequestCache(3, 60_000);
        for (long id = 1; id <= 5; id++) {
            c.started(A, id, id);
        }
        assertThat(c.size()).isEqualTo(3);
        assertThat(c.seen(A, 2)).isFalse();
        assertThat(c.seen(A, 3)).isTrue();
        assertThat(c.seen(A, 5)).isTrue();
    }
}
