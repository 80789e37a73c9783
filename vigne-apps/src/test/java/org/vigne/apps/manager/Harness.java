package org.vigne.apps.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.SpecCodec;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.gcs.Applied;
import org.vigne.gcs.GroupOutput;

/** Drives one {@link ApplicationManager} replica with commands, as its group's log would, and keeps what it says. */
final class Harness {
    final ApplicationManager manager;
    final List<ManagerEvent> events = new ArrayList<>();
    long index;
    long timeMs = 1_000;
    ManagerReply reply;
    List<GroupOutput> outputs = List.of();

    Harness() {
        this.manager = new ApplicationManager(ApplicationManager.groupOf("app-1"), new ManagerHooks() {
            @Override
            public void applied(ApplicationManager m, long i, ManagerCommand c, List<ManagerEvent> fresh) {
                events.addAll(fresh);
            }
        });
    }

    static NodeHandle node(int i) {
        return new NodeHandle(Id.sha1("node" + i), "10.0.0." + i, 7000);
    }

    Harness submit(ApplicationSpec spec) {
        return apply(new ManagerCommand.Submit(timeMs, "app-1", SpecCodec.encode(spec), new TreeMap<>(), node(0)));
    }

    Harness apply(ManagerCommand c) {
        Applied a = manager.apply(++index, CommandCodec.encode(c));
        reply = ManagerReply.decode(a.result());
        outputs = a.outputs();
        return this;
    }

    Harness at(long ms) {
        timeMs = ms;
        return this;
    }

    Harness place(int component, int incarnation, int node) {
        return apply(new ManagerCommand.Placed(timeMs, component, incarnation, node(node)));
    }

    Harness start(int component, int incarnation, int node) {
        return apply(new ManagerCommand.Started(timeMs, component, incarnation, node(node)));
    }

    Harness checkpoint(int component, int incarnation, int node, int seq) {
        return apply(new ManagerCommand.Checkpointed(timeMs, component, incarnation, node(node), seq,
                "ckpt/c" + component + ".i" + incarnation + "." + seq));
    }

    Harness exit(int component, int incarnation, int node, int code) {
        return apply(new ManagerCommand.Ended(timeMs, component, incarnation, node(node), EndKind.EXITED, code, "",
                code == 0 ? "out/c" + component + ".i" + incarnation : "", "logs/c" + component + ".i" + incarnation));
    }

    Harness suspect(int component, int incarnation, int node) {
        return apply(new ManagerCommand.Suspect(timeMs, component, incarnation, node(node), "no heartbeat for 3 s"));
    }

    AppStatus status() {
        return manager.status();
    }

    ComponentStatus component(int i) {
        return status().components().get(i);
    }

    /** The orders of the last command, decoded. */
    List<HostOrder> orders() {
        List<HostOrder> out = new ArrayList<>();
        for (GroupOutput o : outputs) {
            out.add(HostOrder.decode(o.payload()));
        }
        return out;
    }

    List<ManagerEvent.Type> eventTypes() {
        List<ManagerEvent.Type> out = new ArrayList<>();
        for (ManagerEvent e : events) {
            out.add(e.type());
        }
        return out;
    }
}
