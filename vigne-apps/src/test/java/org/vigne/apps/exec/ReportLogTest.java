package org.vigne.apps.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vigne.apps.files.FileSet;
import org.vigne.apps.spec.ComponentSpec;

/** The listener contract's checker accepts the promised histories and names every breach. */
class ReportLogTest {
    private final InstanceId a = new InstanceId("app", 0, 1);
    private final InstanceId b = new InstanceId("app", 1, 1);

    @Test
    void promisedHistories_passClean() {
        ReportLog log = new ReportLog();
        log.started(a);
        log.checkpointed(a, 1, FileSet.empty());
        log.checkpointed(a, 2, FileSet.empty());
        log.exited(a, ExitStatus.exited(3));
        log.outputsReady(a, Outputs.refused("outputs are 70 MiB, over the 64 MiB limit", FileSet.empty()));
        log.started(b);
        log.exited(b, ExitStatus.killed());

        assertThat(log.violations()).isEmpty();
        assertThat(log.ended(a)).isTrue();
        assertThat(log.historyOf(a)).containsExactly("started", "checkpointed 1", "checkpointed 2",
                "exited exited with code 3", "outputsReady refused: outputs are 70 MiB, over the 64 MiB limit");
    }

    @Test
    void breaches_areNamed() {
        ReportLog log = new ReportLog();
        log.exited(a, ExitStatus.exited(0));
        log.started(b);
        log.checkpointed(b, 2, FileSet.empty());
        log.exited(b, ExitStatus.killed());
        log.outputsReady(b, Outputs.collected(FileSet.empty(), FileSet.empty()));
        log.failedToStart(b, "late");

        assertThat(log.violations()).containsExactly("app#0.1: exited while launched",
                "app#1.1: checkpoint 2 where 1 was due", "app#1.1: outputsReady while ended",
                "app#1.1: failedToStart while ended");
    }

    @Test
    void identitiesAndRequests_areValidated() {
        assertThat(new InstanceId("app", 3, 2).path()).isEqualTo("app/c3.i2");
        assertThat(new InstanceId("app", 3, 2).sameComponent(new InstanceId("app", 3, 5))).isTrue();
        assertThatThrownBy(() -> new InstanceId("../x", 0, 0)).hasMessageStartingWith("an application id is");
        assertThatThrownBy(() -> new InstanceId("app", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        LaunchRequest r = LaunchRequest.of(a, ComponentSpec.of(List.of("sh", "run.sh")), 85, FileSet.empty(),
                FileSet.of("count", "5".getBytes()));
        assertThat(r.restoresCheckpoint()).isTrue();
        TreeMap<String, String> reserved = new TreeMap<>();
        reserved.put("VIGNE_TOKEN", "stolen");
        assertThatThrownBy(() -> new LaunchRequest(a, List.of("x"), reserved, FileSet.empty(), FileSet.empty(), 0, List.of()))
                .hasMessage("env.VIGNE_TOKEN: names starting with VIGNE_ are set by Vigne itself");
    }
}
