package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.SubmitResult;

/**
 * A creator whose first answer is lost retries its creation; the retry must be answered as the
 * first attempt is (OK), not EXISTS, or the creator takes its own group for someone else's (a real
 * node hit this under load: a creation answered after more than the 1 s retry period).
 */
class GcsCreationRetryTest {
    private static final int SEEDS = 12;

    @Test
    void aCreatorsRetryAfterALostAnswerIsAnsweredOk() {
        int retried = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            GcsTestbed t = new GcsTestbed("creationRetry", seed, 9, 3);
            boolean[] lost = {false};
            t.world.setFilter((from, to, m) -> {
                if (!lost[0] && m instanceof GcsMessage.SubmitReply) {
                    lost[0] = true;
                    return false;
                }
                return true;
            });
            GroupId g = t.group("g");
            SubmitResult c = t.create(g);
            String replay = t + ": replay with mvn -pl vigne-sim -am test -Dtest=GcsCreationRetryTest"
                    + " -Dsurefire.failIfNoSpecifiedTests=false";
            assertThat(c.status()).as(replay + ": a creation whose first answer was lost").isEqualTo(SubmitResult.Status.OK);
            retried += lost[0] ? 1 : 0;
            t.world.setFilter(null);
            assertThat(t.submitAndWait(g).status()).as(replay + ": a command to the group created").isEqualTo(SubmitResult.Status.OK);
            t.assertSafe();
        }
        assertThat(retried).as("seeds whose first creation answer crossed the network and was lost").isGreaterThan(SEEDS / 2);
    }

    @Test
    void anotherCreatorOfAnExistingGroupIsToldItExists() {
        for (long seed = 1; seed <= 4; seed++) {
            GcsTestbed t = new GcsTestbed("secondCreator", seed, 9, 3);
            GroupId g = t.group("g");
            assertThat(t.create(g).status()).as(t + ": the first creation").isEqualTo(SubmitResult.Status.OK);
            t.run(2_000);
            assertThat(t.create(g).status()).as(t + ": a second creator of the same group")
                    .isEqualTo(SubmitResult.Status.EXISTS);
            t.assertSafe();
        }
    }
}
