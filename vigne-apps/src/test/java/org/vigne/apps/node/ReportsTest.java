package org.vigne.apps.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.vigne.apps.exec.InstanceId;
import org.vigne.apps.manager.CommandCodec;
import org.vigne.apps.manager.ManagerCommand;
import org.vigne.core.testing.ManualEnv;
import org.vigne.gcs.SubmitResult;

/** A host's reports reach the manager in the order they happened, one at a time, re-sent until answered. */
class ReportsTest {
    private static final InstanceId I = new InstanceId("app-1", 0, 0);

    private final ManualEnv env = new ManualEnv(1);
    private final List<ManagerCommand> sent = new ArrayList<>();
    private final List<Long> sentAt = new ArrayList<>();
    private final List<Consumer<SubmitResult>> answers = new ArrayList<>();
    private final Reports reports = new Reports(env, (appId, command, done) -> {
        sent.add(CommandCodec.decode(command));
        sentAt.add(env.nowMs());
        answers.add(done);
    }, 1_000);

    private static ManagerCommand query(long t) {
        return new ManagerCommand.Query(t);
    }

    private void answer(int i, SubmitResult.Status status) {
        answers.get(i).accept(new SubmitResult(status, new byte[0], 1, 1, ""));
    }

    @Test
    void oneAtATime_inOrder_aReservedPlaceHoldsTheLine_untilItIsReadyOrDropped() {
        boolean[] done = {false};
        reports.add(I, query(1));
        Reports.Report second = reports.reserve(I);
        Reports.Report third = reports.reserve(I);
        reports.add(I, query(4));
        reports.afterLast(I, () -> done[0] = true);
        assertThat(sent).containsExactly(query(1));

        answer(0, SubmitResult.Status.OK);
        assertThat(sent).hasSize(1);
        third.drop();
        reports.pump(I);
        assertThat(sent).hasSize(1);
        second.ready(query(2));
        reports.pump(I);
        assertThat(sent).containsExactly(query(1), query(2));
        answer(1, SubmitResult.Status.OK);
        assertThat(sent).containsExactly(query(1), query(2), query(4));
        assertThat(done[0]).isFalse();
        answer(2, SubmitResult.Status.OK);
        assertThat(done[0]).isTrue();
        assertThat(reports.pendingInstances()).isZero();
    }

    @Test
    void anUnansweredReportIsSentAgain_withDoublingPauses() {
        reports.add(I, query(1));
        answer(0, SubmitResult.Status.TIMEOUT);
        env.runFor(1_000);
        answer(1, SubmitResult.Status.NO_GROUP);
        env.runFor(2_000);
        answer(2, SubmitResult.Status.OK);
        assertThat(sentAt).containsExactly(0L, 1_000L, 3_000L);
        assertThat(sent).containsOnly(query(1));
        assertThat(reports.retries()).isEqualTo(2);
        assertThat(reports.pendingInstances()).isZero();
    }

    @Test
    void afterLastRunsAtOnceWhenNothingIsOwed() {
        boolean[] done = {false};
        reports.afterLast(I, () -> done[0] = true);
        assertThat(done[0]).isTrue();
    }
}
