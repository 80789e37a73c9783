package org.vigne.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigne.core.Id;
import org.vigne.data.ConsistencyProtocol;
import org.vigne.data.CopyState;
import org.vigne.data.DataCounters;
import org.vigne.data.DataMessage;
import org.vigne.data.DataMessage.Access;
import org.vigne.data.DataMessage.Invalidate;
import org.vigne.data.DataMessage.MasterIs;
import org.vigne.data.DataMessage.ReadGrant;
import org.vigne.data.DataMessage.Transfer;
import org.vigne.data.DataConfig;
import org.vigne.data.ObjectName;
import org.vigne.data.SharedObjects;
import org.vigne.sim.SimNode;

/** Malformed and stale protocol messages are dropped and counted; they never change a copy. */
class DataMessagesTest {
    private static final ObjectName X = new ObjectName(DataTestbed.APP, "x");

    @Test
    void malformedMessages_areDroppedAndCounted() {
        DataTestbed t = new DataTestbed("malformed", 21, 20, ConsistencyProtocol.DYN);
        List<SimNode> m = t.nodes(3);
        t.manager.start(m, Map.of());
        SimNode reader = notTheFirstMaster(m);
        t.awaitOne(t.read(reader, "x"));
        SharedObjects objects = DataNode.of(reader).objects();
        DataCounters c = objects.counters();
        long before = c.malformed;
        var master = m.get(0).self();

        objects.onMessage(master, new Access(X, 0, DataMessage.Kind.READ, null, 1, master, 0));
        objects.onMessage(master, new Access(X, -1, DataMessage.Kind.WRITE, master, 1, master, 0));
        objects.onMessage(master, new ReadGrant(X, 0, 1, new byte[DataConfig.defaults().maxValueBytes() + 1], 1, 1,
                master));
        objects.onMessage(master, new Transfer(X, 0, 0, new byte[0], 1, List.of(), List.of(), master));
        objects.onMessage(master, new Invalidate(X, 0, -5, master));
        objects.deliver(Id.sha1("not the key of x"), new MasterIs(X, 0, 1, master), master);

        assertThat(c.malformed - before).isEqualTo(6);
        assertThat(objects.copyState(X)).isEqualTo(CopyState.READ);
    }

    @Test
    void messagesOfARolledBackEpoch_areDroppedAndCounted_butCurrentOnesApply() {
        DataTestbed t = new DataTestbed("stale epoch", 22, 20, ConsistencyProtocol.STAT);
        List<SimNode> m = t.nodes(3);
        t.manager.start(m, Map.of());
        t.awaitOne(t.write(m.get(0), "x", "old"));
        t.restart(m, Map.of("x", DataTestbed.bytes("old")));
        SimNode reader = notTheFirstMaster(m);
        t.awaitOne(t.read(reader, "x"));
        SharedObjects objects = DataNode.of(reader).objects();
        long stale = objects.counters().staleEpoch;
        var master = m.get(0).self();
        t.awaitOne(t.write(m.get(0), "x", "current"));
        t.awaitOne(t.read(reader, "x"));

        objects.onMessage(master, new Invalidate(X, 0, 1_000, master));
        objects.onMessage(master, new ReadGrant(X, 0, 1, DataTestbed.bytes("zombie"), 1_000, 9, master));
        assertThat(objects.counters().staleEpoch - stale).isEqualTo(2);
        assertThat(objects.copyState(X)).isEqualTo(CopyState.READ);

        t.awaitOne(t.write(m.get(0), "x", "new"));
        assertThat(objects.copyState(X)).isEqualTo(CopyState.INVALID);
        assertThat(t.readValue(reader, "x")).isEqualTo("new");
        t.assertLinearizable();
    }

    /** A member that is not the first master of x, so that its copy is a plain READ copy. */
    private static SimNode notTheFirstMaster(List<SimNode> members) {
        var first = DataNode.of(members.get(0)).applications().initialMaster(DataTestbed.APP, X.key());
        return members.stream().filter(n -> !n.self().equals(first)).reduce((a, b) -> b).orElseThrow();
    }
}
