package org.vigne.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.cli.bench.NodeProcess;
import org.vigne.net.groups.CounterMachine;

/**
 * A counter group of three on real {@code vigne node} processes: its leader's node is killed with
 * kill -9 (and, in the second test, started again at once), the group commits again, and its live
 * replicas hold every acknowledged command.
 * Command {@code i} adds {@code i}, so the sum a replica reports tells which commands it applied.
 */
class GroupLeaderKillTest {
    private static final int NODES = 4;
    private static final int BEFORE = 40;
    private static final int AFTER = 20;
    private static final String GROUP = "/groups/counter/kill-9";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();
    /** Amounts of acknowledged commands, and of commands whose fate the client never learnt. */
    private final List<Long> acked = new ArrayList<>();
    private final List<Long> unknown = new ArrayList<>();
    /** The node the commands go through (not the leader's), and the next command's amount. */
    private NodeProcess via;
    private long nextAmount = 1;

    @AfterEach
    void killAll() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killNineOfTheLeadersNode_groupCommitsAgain_andLosesNothingAcknowledged() throws Exception {
        NodeProcess leader = groupWithCommands();
        leader.kill();
        long killedAt = System.nanoTime();
        commitsAgainAndLosesNothing(killedAt, "the kill -9 of its leader's node", leader);
    }

    /**
     * The leader's node is killed and started again at once on its port and data dir, so under its
     * id, as a supervisor would: the group commits again, and loses nothing acknowledged, whether
     * the others saw the node die (its connections closed, as they usually do on TCP) or only saw
     * it come back (a new incarnation: {@code GcsRestartedLeaderTest}). Measured: 3.1-4.4 s to the
     * first commit (three runs); 3.2 s with the code before incarnations, so on loopback the
     * overlay's verdict comes first and this test does not tell the two apart.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killNineOfTheLeadersNode_thenItsRestart_groupCommitsAgain_andLosesNothingAcknowledged() throws Exception {
        NodeProcess leader = groupWithCommands();
        leader.kill();
        long killedAt = System.nanoTime();
        NodeProcess restarted = NodeProcess.launch(leader.listen(), leader.controlAddress(), List.of(via.listen()),
                dir.resolve("secret"), leader.dataDir());
        nodes.add(restarted);
        commitsAgainAndLosesNothing(killedAt, "the kill -9 and restart of its leader's node", restarted);
    }

    /**
     * Starts the grid, creates the group and commits {@link #BEFORE} commands through a node that
     * does not lead it; returns the leader's node.
     */
    private NodeProcess groupWithCommands() throws IOException {
        startGrid();
        ControlClient first = nodes.get(0).client().orElseThrow();
        ControlClient.Response created = first.send("PUT", GROUP, CounterMachine.add(0));
        // 409: a slow first answer made the node re-send the creation, which found the group it had made.
        assertThat(created.status()).as(created.text()).isIn(200, 409);
        NodeProcess leader = leaderNode();
        via = nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
        ControlClient c = via.client().orElseThrow();
        for (int i = 0; i < BEFORE; i++) {
            assertThat(submit(c, nextAmount++)).as("command before the kill").isEqualTo(200);
        }
        return leader;
    }

    /**
     * Submits until a command commits (within 60 s of {@code killedAt}), then {@link #AFTER} more;
     * then three live replicas must hold every acknowledged command.
     */
    private void commitsAgainAndLosesNothing(long killedAt, String what, NodeProcess watched) {
        ControlClient c = via.client().orElseThrow();
        int status;
        do {
            status = submit(c, nextAmount++);
        } while (status != 200 && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(60));
        assertThat(status).as("a commit after %s; unknown: %s; output of %s: %s", what, unknown, watched.listen(),
                watched.output()).isEqualTo(200);
        System.out.printf("group committed again %d ms after %s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt),
                what);
        for (int i = 0; i < AFTER; i++) {
            assertThat(submit(c, nextAmount++)).as("command after the failover").isEqualTo(200);
        }
        long ackedSum = acked.stream().mapToLong(Long::longValue).sum();
        List<NodeProcess> live = nodes.stream().filter(NodeProcess::alive).toList();
        Poll.until("three live replicas applied the same commands, every acknowledged one among them", Duration.ofSeconds(40),
                () -> replicasHoldEveryAcknowledged(live, ackedSum));
    }

    private void startGrid() throws IOException {
        ProcessGrid.start(dir, NODES, Duration.ofSeconds(60), nodes);
    }

    /** Submits a command adding {@code amount}; records it as acknowledged (200) or of unknown fate (anything else). */
    private int submit(ControlClient client, long amount) {
        int status;
        try {
            status = client.send("POST", GROUP, CounterMachine.add(amount)).status();
        } catch (RuntimeException e) {
            status = -1;
        }
        (status == 200 ? acked : unknown).add(amount);
        return status;
    }

    private NodeProcess leaderNode() {
        for (NodeProcess n : nodes) {
            Optional<JsonNode> v = groupView(n);
            if (v.isPresent() && !v.get().path("leader").isNull()) {
                String leader = v.get().path("leader").asText();
                return nodes.stream().filter(p -> p.listen().toString().equals(leader)).findFirst().orElseThrow();
            }
        }
        throw new AssertionError("no replica of the group knows its leader");
    }

    private static Optional<JsonNode> groupView(NodeProcess n) {
        try {
            Optional<ControlClient> c = n.client();
            if (c.isEmpty()) {
                return Optional.empty();
            }
            ControlClient.Response r = c.get().send("GET", GROUP, null);
            return r.status() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * True when three live nodes host the group with one history, and their sum is the acknowledged
     * commands' plus some of those of unknown fate (never less: nothing acknowledged lost).
     */
    private boolean replicasHoldEveryAcknowledged(List<NodeProcess> live, long ackedSum) {
        List<JsonNode> counters = new ArrayList<>();
        for (NodeProcess n : live) {
            groupView(n).ifPresent(v -> counters.add(v.path("counter")));
        }
        if (counters.size() != 3 || counters.stream().anyMatch(c -> !c.path("chain").equals(counters.get(0).path("chain")))) {
            return false;
        }
        long extra = counters.get(0).path("sum").asLong() - ackedSum;
        long applies = counters.get(0).path("applies").asLong();
        return isSubsetSum(extra, applies - 1 - acked.size());
    }

    /** True when some {@code count} of the commands of unknown fate add up to {@code extra}. */
    private boolean isSubsetSum(long extra, long count) {
        if (count < 0 || count > unknown.size() || unknown.size() > 20) {
            return false;
        }
        for (int mask = 0; mask < 1 << unknown.size(); mask++) {
            long sum = 0;
            for (int i = 0; i < unknown.size(); i++) {
                sum += (mask >> i & 1) == 1 ? unknown.get(i) : 0;
            }
            if (sum == extra && Integer.bitCount(mask) == count) {
                return true;
            }
        }
        return false;
    }
}
