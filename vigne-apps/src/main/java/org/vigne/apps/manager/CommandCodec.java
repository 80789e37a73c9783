package org.vigne.apps.manager;

import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.Handles;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.manager.ManagerCommand.Checkpointed;
import org.vigne.apps.manager.ManagerCommand.Ended;
import org.vigne.apps.manager.ManagerCommand.Kill;
import org.vigne.apps.manager.ManagerCommand.Placed;
import org.vigne.apps.manager.ManagerCommand.Query;
import org.vigne.apps.manager.ManagerCommand.Remove;
import org.vigne.apps.manager.ManagerCommand.Restore;
import org.vigne.apps.manager.ManagerCommand.Started;
import org.vigne.apps.manager.ManagerCommand.Submit;
import org.vigne.apps.manager.ManagerCommand.Suspect;
import org.vigne.apps.manager.ManagerCommand.Unplaced;
import org.vigne.core.NodeHandle;

/**
 * The bytes of {@link ManagerCommand}s in a manager's log: a version byte, a tag, the stamp, then
 * the command's fields. Deterministic, and checked on the way in: a replica refuses bytes that do
 * not decode ({@link MalformedException}) the same way on every node.
 */
public final class CommandCodec {
    private static final int VERSION = 1;

    private CommandCodec() {
    }

    public static byte[] encode(ManagerCommand c) {
        ByteWriter w = new ByteWriter(64);
        w.u8(VERSION).u8(tag(c)).varLong(c.timeMs());
        if (c instanceof Submit s) {
            w.string(s.appId()).bytes(s.spec()).stringMap(s.inputs());
            Handles.write(w, s.submitter());
        } else if (c instanceof Placed p) {
            instance(w, p.component(), p.incarnation(), p.node());
        } else if (c instanceof Unplaced u) {
            w.string(u.reason());
        } else if (c instanceof Started s) {
            instance(w, s.component(), s.incarnation(), s.node());
        } else if (c instanceof Checkpointed k) {
            instance(w, k.component(), k.incarnation(), k.node());
            w.varInt(k.sequence()).string(k.path());
        } else if (c instanceof Ended e) {
            instance(w, e.component(), e.incarnation(), e.node());
            w.u8(e.kind().ordinal()).varLong(e.code() + 1L).string(e.detail()).string(e.outputs()).string(e.logs())
                    .u8(e.acceptedBefore() ? 1 : 0);
        } else if (c instanceof Suspect s) {
            instance(w, s.component(), s.incarnation(), s.node());
            w.string(s.reason());
        } else if (c instanceof Kill k) {
            w.string(k.reason());
        } else if (c instanceof Restore r) {
            w.bytes(r.snapshot()).string(r.reason());
        }
        return w.toByteArray();
    }

    private static void instance(ByteWriter w, int component, int incarnation, NodeHandle node) {
        w.varInt(component).varInt(incarnation);
        Handles.write(w, node);
    }

    private static int tag(ManagerCommand c) {
        Class<?>[] order = {Submit.class, Placed.class, Unplaced.class, Started.class, Checkpointed.class, Ended.class,
            Suspect.class, Kill.class, Remove.class, Restore.class, Query.class};
        for (int i = 0; i < order.length; i++) {
            if (order[i] == c.getClass()) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("unknown command " + c);
    }

    public static ManagerCommand decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int version = r.u8();
        if (version != VERSION) {
            throw new MalformedException("manager command version " + version + ", this node reads " + VERSION);
        }
        int tag = r.u8();
        long t = r.varLong();
        ManagerCommand c = switch (tag) {
            case 1 -> new Submit(t, r.string(), r.bytes(), r.stringMap(), Handles.read(r));
            case 2 -> new Placed(t, r.varInt(), r.varInt(), Handles.read(r));
            case 3 -> new Unplaced(t, r.string());
            case 4 -> new Started(t, r.varInt(), r.varInt(), Handles.read(r));
            case 5 -> new Checkpointed(t, r.varInt(), r.varInt(), Handles.read(r), r.varInt(), r.string());
            case 6 -> new Ended(t, r.varInt(), r.varInt(), Handles.read(r), endKind(r.u8()), (int) (r.varLong() - 1),
                    r.string(), r.string(), r.string(), r.u8() == 1);
            case 7 -> new Suspect(t, r.varInt(), r.varInt(), Handles.read(r), r.string());
            case 8 -> new Kill(t, r.string());
            case 9 -> new Remove(t);
            case 10 -> new Restore(t, r.bytes(), r.string());
            case 11 -> new Query(t);
            default -> throw new MalformedException("unknown manager command tag " + tag);
        };
        r.end();
        return c;
    }

    private static EndKind endKind(int ordinal) {
        EndKind[] all = EndKind.values();
        if (ordinal >= all.length) {
            throw new MalformedException("unknown end kind " + ordinal);
        }
        return all[ordinal];
    }
}
