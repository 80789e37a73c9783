package org.vigne.apps.manager;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.exec.InstanceId;

/**
 * What a manager tells a node, as the outputs of its group (sent by the leader, re-sent until
 * acknowledged, deduplicated by the receiver): launch an instance, or stop one that is no longer
 * current. Every replica computes the same orders for the same command.
 */
public sealed interface HostOrder {
    /** The instance the order is about. */
    InstanceId instance();

    /**
     * Launch {@code instance}: component {@code instance.component()} of {@code spec}
     * ({@link org.vigne.apps.spec.SpecCodec} bytes), with the application's stored inputs (source
     * to path in the files DHT) and, when not empty, the stored checkpoint to restore.
     */
    record Launch(InstanceId instance, byte[] spec, SortedMap<String, String> inputs, String checkpoint)
            implements HostOrder {
        public Launch {
            inputs = Collections.unmodifiableSortedMap(new TreeMap<>(inputs));
        }
    }

    /** Kill {@code instance} if it runs here: its incarnation is no longer current, or its application ended. */
    record Stop(InstanceId instance, String reason) implements HostOrder {
    }

    static byte[] encode(HostOrder o) {
        ByteWriter w = new ByteWriter(128);
        InstanceId i = o.instance();
        w.u8(o instanceof Launch ? 1 : 2).string(i.appId()).varInt(i.component()).varInt(i.incarnation());
        if (o instanceof Launch l) {
            w.bytes(l.spec()).stringMap(l.inputs()).string(l.checkpoint());
        } else {
            w.string(((Stop) o).reason());
        }
        return w.toByteArray();
    }

    static HostOrder decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int tag = r.u8();
        InstanceId i;
        try {
            i = new InstanceId(r.string(), r.varInt(), r.varInt());
        } catch (IllegalArgumentException e) {
            throw new MalformedException("bad instance in a host order: " + e.getMessage());
        }
        HostOrder o = switch (tag) {
            case 1 -> new Launch(i, r.bytes(), r.stringMap(), r.string());
            case 2 -> new Stop(i, r.string());
            default -> throw new MalformedException("unknown host order " + tag);
        };
        r.end();
        return o;
    }
}
