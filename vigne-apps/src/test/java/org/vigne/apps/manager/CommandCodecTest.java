package org.vigne.apps.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.exec.InstanceId;

/** Every manager command and host order survives its encoding, and damaged bytes are refused. */
class CommandCodecTest {
    private static final List<ManagerCommand> ALL = List.of(
            new ManagerCommand.Submit(5, "app-1", new byte[] {1, 2, 3}, new TreeMap<>(java.util.Map.of("a.txt", "in/0")),
                    Harness.node(1)),
            new ManagerCommand.Placed(6, 2, 3, Harness.node(2)),
            new ManagerCommand.Unplaced(7, "no slot"),
            new ManagerCommand.Started(8, 0, 1, Harness.node(3)),
            new ManagerCommand.Checkpointed(9, 1, 2, Harness.node(4), 5, "ckpt/c1.i2.5"),
            new ManagerCommand.Ended(10, 3, 0, Harness.node(5), EndKind.OUTPUTS_REFUSED, 0, "too big", "", "logs/c3.i0"),
            new ManagerCommand.Ended(10, 3, 0, Harness.node(5), EndKind.FAILED_TO_START, -1, "command not found", "", ""),
            new ManagerCommand.Suspect(11, 0, 4, Harness.node(6), "no heartbeat for 3 s"),
            new ManagerCommand.Kill(12, "killed by the user"),
            new ManagerCommand.Remove(13),
            new ManagerCommand.Restore(14, new byte[] {9, 8}, "rebuilt"),
            new ManagerCommand.Query(15));

    @Test
    void everyCommandRoundTrips() {
        for (ManagerCommand c : ALL) {
            byte[] bytes = CommandCodec.encode(c);
            ManagerCommand back = CommandCodec.decode(bytes);
            assertThat(back.getClass()).isEqualTo(c.getClass());
            assertThat(CommandCodec.encode(back)).as(c.toString()).isEqualTo(bytes);
        }
        assertThat(CommandCodec.decode(CommandCodec.encode(ALL.get(5)))).isEqualTo(ALL.get(5));
    }

    @Test
    void truncatedCommandsAreRefused() {
        for (ManagerCommand c : ALL) {
            byte[] bytes = CommandCodec.encode(c);
            for (int n = 0; n < bytes.length; n++) {
                byte[] cut = java.util.Arrays.copyOf(bytes, n);
                assertThatThrownBy(() -> CommandCodec.decode(cut)).as(c + " cut at " + n)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void hostOrdersRoundTrip() {
        HostOrder launch = new HostOrder.Launch(new InstanceId("app-1", 1, 2), new byte[] {4}, new TreeMap<>(), "ckpt/x");
        HostOrder.Launch back = (HostOrder.Launch) HostOrder.decode(HostOrder.encode(launch));
        assertThat(back.instance()).isEqualTo(launch.instance());
        assertThat(back.checkpoint()).isEqualTo("ckpt/x");
        HostOrder stop = new HostOrder.Stop(new InstanceId("app-1", 0, 0), "stale");
        assertThat(HostOrder.decode(HostOrder.encode(stop))).isEqualTo(stop);
        assertThatThrownBy(() -> HostOrder.decode(new byte[] {7})).isInstanceOf(MalformedException.class);
    }
}
