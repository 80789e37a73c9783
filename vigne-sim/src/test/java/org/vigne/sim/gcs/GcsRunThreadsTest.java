package org.vigne.sim.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.sim.Scenarios;
import org.vigne.sim.experiment.Progress;

/**
 * {@code vigne sim gcs} on two threads gives the figures and the apply log of one, line for line,
 * under churn with graceful leaves (whose hand-off ends inside a node's event), loss and
 * duplication: the checker's, the clock's and the log's observations reach the world as effects in
 * an order that does not depend on the threads.
 */
class GcsRunThreadsTest {
    @Test
    void sameFiguresAndApplyLog_onOneOrTwoThreads(@TempDir Path dir) throws IOException {
        GcsRun.Config c = new GcsRun.Config(150, 2 * 60_000, "exp:4m", 0.02, 0.01, 21, 16, 0.3, 200, 5, 2, 0, 1,
                20_000, 480, 20_000, 64);
        Path oneLog = dir.resolve("one.jsonl");
        Path twoLog = dir.resolve("two.jsonl");
        GcsRun.Result one = GcsRun.run(c, Progress.silent(), oneLog, 1);
        GcsRun.Result two = GcsRun.run(c, Progress.silent(), twoLog, 2);
        String replay = GcsRun.replay(c, c.seed(), null);

        assertThat(one.leaves()).as("graceful leaves happened; %s", replay).isPositive();
        assertThat(one.commandsAcked()).as("commands acknowledged; %s", replay).isGreaterThan(500);
        assertThat(one.violations()).as("violations; %s", replay).isZero();
        assertThat(Scenarios.simulatedFigures(two, Set.of("wallSeconds"))).as("%s on two threads", replay)
                .isEqualTo(Scenarios.simulatedFigures(one, Set.of("wallSeconds")));
        assertThat(Files.readAllLines(twoLog)).as("apply log of %s on two threads", replay)
                .isEqualTo(Files.readAllLines(oneLog));
    }
}
