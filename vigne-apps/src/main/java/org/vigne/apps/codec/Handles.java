package org.vigne.apps.codec;

import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/** Node handles in the compact encodings of application management: a presence byte, the id, host and port. */
public final class Handles {
    private Handles() {
    }

    /** Writes {@code h}, which may be null. */
    public static void write(ByteWriter w, NodeHandle h) {
        if (h == null) {
            w.u8(0);
            return;
        }
        w.u8(1).raw(h.id().toBytes()).string(h.host()).varInt(h.port());
    }

    /** Reads what {@link #write} wrote (possibly null). */
    public static NodeHandle read(ByteReader r) {
        int present = r.u8();
        if (present == 0) {
            return null;
        }
        if (present != 1) {
            throw new MalformedException("bad node handle marker " + present);
        }
        Id id = Id.fromBytes(r.raw(Id.BYTES));
        return new NodeHandle(id, r.string(), r.varInt());
    }
}
