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
 * kill -9, the group commits again, and its surviving replicas hold every acknowledged command.
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

    @AfterEach
    void killAll() {
        nodes.forEach(NodeProcess::close);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void killNineOfTheLeadersNode_groupCommitsAgain_andLosesNothingAcknowledged() throws Exception {
        startGrid();
        ControlClient first = nodes.get(0).client().orElseThrow();
        ControlClient.Response created = first.send("PUT", GROUP, CounterMachine.add(0));
        // 409: a slow first answer made the node re-send the creation, which found the group it had made.
        assertThat(created.status()).as(created.text()).isIn(200, 409);
        NodeProcess leader = leaderNode();
        NodeProcess clientNode = nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
        ControlClient client = clientNode.client().orElseThrow();
        long amount = 1;
        for (int i = 0; i < BEFORE; i++) {
            assertThat(submit(client, amount++)).as("command before the kill").isEqualTo(200);
        }

        leader.kill();
        long killedAt = System.nanoTime();
        int status;
        do {
            status = submit(client, amount++);
        } while (status != 200 && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(60));
        assertThat(status).as("a commit after the kill; unknown: %s", unknown).isEqualTo(200);
        System.out.printf("group committed again %d ms after the kill -9 of its leader's node%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        for (int i = 0; i < AFTER; i++) {
            assertThat(submit(client, amount++)).as("command after the failover").isEqualTo(200);
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
