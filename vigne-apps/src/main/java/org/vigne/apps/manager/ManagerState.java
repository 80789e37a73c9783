package org.vigne.apps.manager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.Handles;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.spec.ApplicationSpec;
import org.vigne.apps.spec.SpecCodec;
import org.vigne.core.NodeHandle;

/**
 * The whole replicated state of one application manager: the application, its components, its
 * clock and its event log. What a snapshot holds, in the snapshot DHT as in group communication.
 */
final class ManagerState {
    /** Events kept (older ones are dropped and counted). */
    static final int MAX_EVENTS = 1000;
    private static final int VERSION = 2;

    final String appId;
    final byte[] specBytes;
    final ApplicationSpec spec;
    final SortedMap<String, String> inputs;
    final NodeHandle submitter;
    final ComponentRecord[] components;
    AppState state = AppState.SUBMITTED;
    boolean placementStarted;
    String reason = "";
    long submittedAtMs;
    long finishedAtMs = -1;
    long clockMs;
    int appRestarts;
    int appNodeLosses;
    int restartsTotal;
    int committedRound;
    /**
     * The stored checkpoints whose shared-object values the current epoch (restart) starts from:
     * those of the committed round a restart restores; empty for a start from zero.
     */
    List<String> objectsFrom = List.of();
    boolean removed;
    int rebuilds;
    /** Bumped by every applied change: the leader writes a snapshot when it moved. */
    long version;
    long eventsTotal;
    final ArrayDeque<ManagerEvent> events = new ArrayDeque<>();

    ManagerState(String appId, byte[] specBytes, SortedMap<String, String> inputs, NodeHandle submitter) {
        this.appId = appId;
        this.specBytes = specBytes.clone();
        this.spec = SpecCodec.decode(specBytes);
        this.inputs = inputs;
        this.submitter = submitter;
        this.components = new ComponentRecord[spec.components().count()];
        for (int i = 0; i < components.length; i++) {
            components[i] = new ComponentRecord(i);
        }
    }

    void log(ManagerEvent e) {
        events.addLast(e);
        eventsTotal++;
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
    }

    /** The components that have not finished (placed, running or pending). */
    List<ComponentRecord> unfinished() {
        List<ComponentRecord> out = new ArrayList<>();
        for (ComponentRecord c : components) {
            if (!c.phase.isFinal()) {
                out.add(c);
            }
        }
        return out;
    }

    byte[] encode() {
        ByteWriter w = new ByteWriter(1024);
        w.u8(VERSION).string(appId).bytes(specBytes).stringMap(inputs);
        Handles.write(w, submitter);
        w.u8(state.ordinal()).u8(placementStarted ? 1 : 0).string(reason).varLong(submittedAtMs)
                .varLong(finishedAtMs + 1).varLong(clockMs).varInt(appRestarts).varInt(appNodeLosses)
                .varInt(restartsTotal).varInt(committedRound).u8(removed ? 1 : 0).varInt(rebuilds).varLong(version)
                .varLong(eventsTotal).strings(objectsFrom);
        for (ComponentRecord c : components) {
            c.encode(w);
        }
        StatusCodec.events(w, new ArrayList<>(events));
        return w.toByteArray();
    }

    static ManagerState decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int version = r.u8();
        if (version != VERSION) {
            throw new MalformedException("manager snapshot version " + version + ", this node reads " + VERSION);
        }
        ManagerState s = new ManagerState(r.string(), r.bytes(), r.stringMap(), Handles.read(r));
        s.state = StatusCodec.at(AppState.values(), r.u8());
        s.placementStarted = r.u8() == 1;
        s.reason = r.string();
        s.submittedAtMs = r.varLong();
        s.finishedAtMs = r.varLong() - 1;
        s.clockMs = r.varLong();
        s.appRestarts = r.varInt();
        s.appNodeLosses = r.varInt();
        s.restartsTotal = r.varInt();
        s.committedRound = r.varInt();
        s.removed = r.u8() == 1;
        s.rebuilds = r.varInt();
        s.version = r.varLong();
        s.eventsTotal = r.varLong();
        s.objectsFrom = List.copyOf(r.strings());
        for (int i = 0; i < s.components.length; i++) {
            ComponentRecord c = ComponentRecord.decode(r);
            if (c.index != i) {
                throw new MalformedException("component " + c.index + " where " + i + " was due");
            }
            s.components[i] = c;
        }
        s.events.addAll(StatusCodec.events(r));
        r.end();
        return s;
    }

    AppStatus status() {
        List<ComponentStatus> cs = new ArrayList<>(components.length);
        for (ComponentRecord c : components) {
            cs.add(new ComponentStatus(c.index, spec.components().get(c.index).name(), c.phase, c.incarnation,
                    c.node == null ? "" : c.node.address(), c.node == null ? "" : c.node.id().toString(), c.restarts,
                    c.nodeLosses, c.checkpoints, c.lastCheckpoint(), c.exitCode, c.outputs, c.logs, c.problem));
        }
        return new AppStatus(appId, spec.name(), state, spec.policy().type(),
                spec.dataProtocol().specName(), submittedAtMs, finishedAtMs, reason,
                restartsTotal, committedRound, objectsFrom, removed, cs, eventsTotal, new ArrayList<>(events));
    }
}
