package org.vigne.apps.manager;

import java.util.ArrayList;
import java.util.List;
import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.MalformedException;

/** The bytes of an {@link AppStatus} (the result of a query command) and of event lists. */
public final class StatusCodec {
    private StatusCodec() {
    }

    public static byte[] encode(AppStatus s) {
        ByteWriter w = new ByteWriter(512);
        w.string(s.appId()).string(s.name()).u8(s.state().ordinal()).string(s.policy()).string(s.dataProtocol())
                .varLong(s.submittedAtMs())
                .varLong(s.finishedAtMs() + 1).string(s.reason()).varInt(s.restarts()).varInt(s.committedRound())
                .strings(s.objectsFrom()).u8(s.removed() ? 1 : 0).varInt(s.components().size());
        for (ComponentStatus c : s.components()) {
            w.varInt(c.index()).string(c.name()).u8(c.phase().ordinal()).varInt(c.incarnation()).string(c.node())
                    .string(c.nodeId()).varInt(c.restarts()).varInt(c.nodeLosses()).varInt(c.checkpoints())
                    .string(c.lastCheckpoint()).varLong(c.exitCode() + 1L).string(c.outputs()).string(c.logs())
                    .string(c.problem());
        }
        w.varLong(s.eventsTotal());
        events(w, s.events());
        return w.toByteArray();
    }

    public static AppStatus decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        String appId = r.string();
        String name = r.string();
        AppState state = at(AppState.values(), r.u8());
        String policy = r.string();
        String dataProtocol = r.string();
        long submitted = r.varLong();
        long finished = r.varLong() - 1;
        String reason = r.string();
        int restarts = r.varInt();
        int round = r.varInt();
        List<String> objectsFrom = r.strings();
        boolean removed = r.u8() == 1;
        int n = r.count();
        List<ComponentStatus> components = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            components.add(new ComponentStatus(r.varInt(), r.string(), at(ComponentPhase.values(), r.u8()), r.varInt(),
                    r.string(), r.string(), r.varInt(), r.varInt(), r.varInt(), r.string(), (int) (r.varLong() - 1),
                    r.string(), r.string(), r.string()));
        }
        long total = r.varLong();
        List<ManagerEvent> events = events(r);
        r.end();
        return new AppStatus(appId, name, state, policy, dataProtocol, submitted, finished, reason, restarts, round,
                objectsFrom, removed, components, total, events);
    }

    static void events(ByteWriter w, List<ManagerEvent> events) {
        w.varInt(events.size());
        for (ManagerEvent e : events) {
            event(w, e);
        }
    }

    static void event(ByteWriter w, ManagerEvent e) {
        w.varLong(e.timeMs()).u8(e.type().ordinal()).varLong(e.component() + 1L).varLong(e.incarnation() + 1L)
                .string(e.node()).string(e.detail());
    }

    static List<ManagerEvent> events(ByteReader r) {
        int n = r.count();
        List<ManagerEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(event(r));
        }
        return out;
    }

    static ManagerEvent event(ByteReader r) {
        return new ManagerEvent(r.varLong(), at(ManagerEvent.Type.values(), r.u8()), (int) (r.varLong() - 1),
                (int) (r.varLong() - 1), r.string(), r.string());
    }

    static <T> T at(T[] values, int ordinal) {
        if (ordinal >= values.length) {
            throw new MalformedException("unknown " + values.getClass().getComponentType().getSimpleName() + " " + ordinal);
        }
        return values[ordinal];
    }
}
