package org.vigne.net.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.gcs.GcsCounters;
import org.vigne.gcs.GcsMessage;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupInfo;
import org.vigne.gcs.SubmitResult;
import org.vigne.gcs.raft.RaftMessage;
import org.vigne.net.fixtures.Await;
import org.vigne.net.groups.CounterGroups;
import org.vigne.net.groups.CounterMachine;
import org.vigne.net.groups.CounterState;

/** Counter groups on real nodes in one JVM: created and commanded from any node, agreed on by their three replicas. */
class GroupsOnGridTest {
    private static final int NODES = 5;
    /**
     * A fresh group's creation succeeded: EXISTS too, as a creation left unanswered for a second
     * (a loaded machine) is re-sent, and vigne-gcs answers the copy EXISTS (its group is there).
     */
    private static final List<SubmitResult.Status> MADE = List.of(SubmitResult.Status.OK, SubmitResult.Status.EXISTS);

    @TempDir
    static Path state;

    private static LocalGrid grid;

    @BeforeAll
    static void startGrid() throws Exception {
        grid = LocalGrid.start(LocalGrid.Options.of(NODES, 0, state));
        grid.allJoined().get(30, TimeUnit.SECONDS);
        Await.until("leaf sets hold every other node", Duration.ofSeconds(30), grid::leafSetsConverged);
    }

    @AfterAll
    static void stopGrid() {
        grid.close();
    }

    @Test
    void groupCreatedOnOneNode_takesCommandsFromEveryNode_andItsThreeReplicasAgree() throws Exception {
        GroupId g = GroupClient.group(CounterGroups.KIND, "agree");
        SubmitResult created = new GroupClient(grid.nodes().get(0)).create(g, CounterMachine.add(5)).get(20, TimeUnit.SECONDS);
        assertThat(created.status()).as(created.error()).isIn(MADE);

        long expected = 5;
        for (int i = 1; i <= 30; i++) {
            GroupClient c = new GroupClient(grid.nodes().get(i % NODES));
            SubmitResult r = c.submit(g, CounterMachine.add(i)).get(20, TimeUnit.SECONDS);
            expected += i;
            assertThat(r.status()).as("command %d: %s", i, r.error()).isEqualTo(SubmitResult.Status.OK);
            assertThat(CounterState.of(r.result()).sum()).as("sum after command %d", i).isEqualTo(expected);
        }
        long sum = expected;
        Await.until("three replicas applied all 31 commands alike", Duration.ofSeconds(10), () -> agreed(g, 31, sum));
    }

    @Test
    void oversizedCommand_isRefusedWithTooLarge() throws Exception {
        SubmitResult r = new GroupClient(grid.nodes().get(1))
                .submit(GroupClient.group(CounterGroups.KIND, "big"), new byte[(1 << 20) + 1]).get(10, TimeUnit.SECONDS);

        assertThat(r.status()).isEqualTo(SubmitResult.Status.TOO_LARGE);
    }

    @Test
    void malformedAndStrayPeerMessages_areCountedNeverThrown_andTheGroupGoesOn() throws Exception {
        GroupId g = GroupClient.group(CounterGroups.KIND, "garbled");
        GroupClient client = new GroupClient(grid.nodes().get(2));
        assertThat(client.create(g, CounterMachine.add(1)).get(20, TimeUnit.SECONDS).status()).isIn(MADE);
        GridNode member = hosts(g).get(0);
        GroupInfo info = member.net().call(() -> member.gcs().info(g)).get(5, TimeUnit.SECONDS);
        Id key = g.key();
        List<Message> bad = List.of(
                new GcsMessage.GroupRaft(null, key, info.generation(), 1, 2, new RaftMessage.Heartbeat(1, 1, false), 1),
                new GcsMessage.GroupRaft(g.kind(), key, info.generation(), 1, 2, null, 1),
                new GcsMessage.GroupRaft(g.kind(), key, info.generation(), 1, 2, new RaftMessage.Append(9, 0, 0, null, 0), 1),
                new GcsMessage.GroupRaft(g.kind(), Id.sha1("no such group"), 1, 1, 2, new RaftMessage.TimeoutNow(3), 1),
                new GcsMessage.Beats(null, true, 1),
                new GcsMessage.Submit(g.kind(), null, 1, 1, null, false, null, 0),
                new GcsMessage.SubmitReply(g.kind(), key, 1, 1, null, null, 0, 0, null, null),
                new GcsMessage.Output("x".repeat(100), key, 1, 1, 0, null));
        long before = dropped(member);

        member.net().call(() -> {
            for (Message m : bad) {
                member.gcs().onMessage(grid.nodes().get(0).self(), m);
            }
            return null;
        }).get(5, TimeUnit.SECONDS);

        assertThat(dropped(member) - before).as("messages counted as malformed or for an unknown group").isPositive();
        SubmitResult r = client.submit(g, CounterMachine.add(2)).get(20, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(SubmitResult.Status.OK);
        Await.until("replicas agree after the garbage", Duration.ofSeconds(10), () -> agreed(g, 2, 3));
    }

    private static long dropped(GridNode n) {
        return n.net().call(() -> {
            GcsCounters c = n.gcs().counters();
            return c.malformed + c.unknownGroup + c.staleGeneration + c.raftDropped;
        }).join();
    }

    private static List<GridNode> hosts(GroupId g) {
        List<GridNode> out = new ArrayList<>();
        for (GridNode n : grid.nodes()) {
            if (n.net().call(() -> n.gcs().info(g) != null).join()) {
                out.add(n);
            }
        }
        return out;
    }

    /** True when exactly three nodes host {@code g} and each applied {@code applies} commands summing to {@code sum}, with one chain. */
    private static boolean agreed(GroupId g, long applies, long sum) {
        List<CounterState> states = new ArrayList<>();
        for (GridNode n : hosts(g)) {
            states.add(n.net().call(() -> n.counters().state(g)).join());
        }
        return states.size() == 3 && states.stream().allMatch(s -> s != null && s.applies() == applies && s.sum() == sum
                && s.chain() == states.get(0).chain());
    }
}
