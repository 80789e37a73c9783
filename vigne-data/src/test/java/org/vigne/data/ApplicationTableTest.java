package org.vigne.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

class ApplicationTableTest {
    private final List<String> events = new ArrayList<>();
    private final ApplicationTable table = new ApplicationTable();

    ApplicationTableTest() {
        table.setListener(new ApplicationView.Listener() {
            @Override
            public void epochStarted(String app, long epoch) {
                events.add("start " + app + " " + epoch);
            }

            @Override
            public void membersChanged(String app) {
                events.add("members " + app);
            }

            @Override
            public void ended(String app) {
                events.add("end " + app);
            }
        });
    }

    private static NodeHandle node(long hi) {
        return new NodeHandle(Id.of(hi, 0, 0), "sim", (int) hi);
    }

    @Test
    void anEpochIsAnnouncedOnceAndOlderOnesAreIgnored() {
        table.start("app", ConsistencyProtocol.STAT, 1, List.of(node(1), node(2)), Map.of("x", new byte[] {7}));
        table.start("app", ConsistencyProtocol.STAT, 1, List.of(node(1)), Map.of());
        table.start("app", ConsistencyProtocol.STAT, 0, List.of(node(1)), Map.of());
        assertThat(events).containsExactly("start app 1");
        assertThat(table.epoch("app")).isEqualTo(1);
        assertThat(table.protocol("app")).isEqualTo(ConsistencyProtocol.STAT);
        assertThat(table.checkpointValue("app", "x")).containsExactly(7);
        assertThat(table.checkpointValue("app", "y")).isEmpty();
        assertThat(table.status("other")).isEqualTo(ApplicationView.Status.UNKNOWN);
        assertThat(table.epoch("other")).isEqualTo(-1);
    }

    @Test
    void theInitialMasterIsTheInitialMemberClosestToTheKeyEvenAfterItLeaves() {
        NodeHandle a = node(0x1000);
        NodeHandle b = node(0x7000);
        table.start("app", ConsistencyProtocol.DYN, 0, List.of(a, b), Map.of());
        Id nearA = Id.of(0x1001, 0, 0);
        Id nearB = Id.of(0x6fff, 0, 0);
        assertThat(table.initialMaster("app", nearA)).isEqualTo(a);
        assertThat(table.initialMaster("app", nearB)).isEqualTo(b);
        table.setMembers("app", List.of(b));
        assertThat(table.initialMaster("app", nearA)).isEqualTo(a);
        assertThat(table.isMember("app", a.id())).isFalse();
        assertThat(table.isMember("app", b.id())).isTrue();
        assertThat(events).containsExactly("start app 0", "members app");
    }

    @Test
    void anEndedApplicationStaysEndedAndCannotRestart() {
        table.start("app", ConsistencyProtocol.DYN, 0, List.of(node(1)), Map.of());
        table.end("app");
        table.start("app", ConsistencyProtocol.DYN, 5, List.of(node(1)), Map.of());
        assertThat(table.status("app")).isEqualTo(ApplicationView.Status.ENDED);
        assertThat(table.members("app")).isEmpty();
        assertThat(events).containsExactly("start app 0", "end app");
    }
}
