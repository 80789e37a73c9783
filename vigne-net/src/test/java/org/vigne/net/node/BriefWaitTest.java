package org.vigne.net.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A caller's brief poll before it parks: how long, for whom, and that waiting still means what it meant. */
class BriefWaitTest {
    private static final long MAX = 100_000;

    @Test
    void aFirstCallPollsTheWholeBound_thenTwiceTheSmoothedTimeToAnAnswer() {
        long[] now = {0};
        BriefWait.Expected e = new BriefWait.Expected(MAX, () -> now[0]);
        assertThat(e.spinNs()).as("nothing measured yet").isEqualTo(MAX);
        answers(e, now, 1, 40_000);
        assertThat(e.spinNs()).as("answers in 40 us").isEqualTo(80_000);
        answers(e, now, 50, 30_000);
        assertThat(e.spinNs()).as("answers settling at 30 us").isBetween(60_000L, 61_000L);
    }

    @Test
    void callsAnsweredSlowerThanTheBound_doNotPoll_andPollAgainOnceFaster() {
        long[] now = {0};
        BriefWait.Expected e = new BriefWait.Expected(MAX, () -> now[0]);
        answers(e, now, 1, 150_000);
        assertThat(e.spinNs()).as("answers in 150 us, over the 100 us bound").isZero();
        answers(e, now, 30, 40_000);
        assertThat(e.spinNs()).as("after answers in 40 us").isBetween(80_000L, 100_000L);
    }

    @Test
    void noMoreThanTheBoundPollAtOnce() {
        BriefWait.Pollers p = new BriefWait.Pollers(2);
        assertThat(p.enter()).isTrue();
        assertThat(p.enter()).isTrue();
        assertThat(p.enter()).as("a third caller while two poll").isFalse();
        p.exit();
        assertThat(p.enter()).as("once one is done").isTrue();
    }

    @Test
    void continuationsPollToo_andTheirWaitsSeeTheValue() throws Exception {
        BriefWait<Integer> f = new BriefWait<>(MAX);
        CompletableFuture<Integer> derived = f.thenApply(x -> x + 1);
        assertThat(derived).isInstanceOf(BriefWait.class);
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            f.complete(41);
        });
        t.start();
        assertThat(derived.get(5, TimeUnit.SECONDS)).as("answered after the poll, once parked").isEqualTo(42);
        assertThat(derived.join()).isEqualTo(42);
        assertThat(f.get()).isEqualTo(41);
        t.join();
    }

    @Test
    void aFailureStillFailsTheWait() {
        BriefWait<Integer> f = new BriefWait<>(MAX);
        f.completeExceptionally(new IllegalStateException("no such DHT"));
        assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).hasRootCauseMessage("no such DHT");
        BriefWait<Integer> none = new BriefWait<>(0);
        none.complete(7);
        assertThat(none.join()).as("no poll at all").isEqualTo(7);
    }

    /** {@code n} calls, each answered {@code tookNs} after it started, on the clock {@code now}. */
    private static void answers(BriefWait.Expected e, long[] now, int n, long tookNs) {
        for (int i = 0; i < n; i++) {
            long start = e.start();
            now[0] += tookNs;
            e.answered(start);
        }
    }
}
