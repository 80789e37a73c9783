package org.vigne.net.wire;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vigne.core.Message;
import org.vigne.overlay.OverlayMessage;

/**
 * The codec of a real node: every message record of the protocol families, with stable type codes.
 *
 * <p>Codes are given per family in a fixed range (overlay 1..99, DHT 100..199, group communication
 * 200..299, a group's log 300..399, application management 400..499, shared objects 500..599,
 * synchronisation 600..699), to the records
 * of the sealed family sorted by simple name, so every build that has the same records agrees on
 * the codes without a hand-kept table. Adding a record to a family shifts the codes after it
 * within that family only: nodes of both builds then refuse each other's frames of that family
 * as undecodable, which the wire version would have to settle. Local-only hints (the transport's
 * {@link OverlayMessage.PeerUnreachable}) get no code, so a peer can never send one.
 */
public final class ProtocolCodec {
    /** First code of the overlay's messages. */
    public static final int OVERLAY_BASE = 1;
    /** First code of the DHT's messages. */
    public static final int DHT_BASE = 100;
    /** First code of group communication's messages (submits, beats, outputs, group envelopes). */
    public static final int GCS_BASE = 200;
    /** First code of the messages of a group's log, which travel inside group envelopes. */
    public static final int RAFT_BASE = 300;
    /** First code of application management's messages (slot requests, host beats). */
    public static final int APPS_BASE = 400;
    /** First code of the volatile data management service's messages (access requests, grants, invalidations). */
    public static final int DATA_BASE = 500;
    /** First code of the synchronisation service's messages (operations to combine, hints, answers). */
    public static final int SYNC_BASE = 600;
    private static final int FAMILY_SPAN = 99;

    private ProtocolCodec() {
    }

    /** A codec with every overlay, DHT, group communication, application management, shared-object and synchronisation message registered. */
    public static MessageCodec create() {
        MessageCodec codec = new MessageCodec();
        registerFamily(codec, OVERLAY_BASE, OverlayMessage.class);
        registerFamily(codec, DHT_BASE, org.vigne.dht.DhtMessage.class);
        registerFamily(codec, GCS_BASE, org.vigne.gcs.GcsMessage.class);
        registerFamily(codec, RAFT_BASE, org.vigne.gcs.raft.RaftMessage.class);
        registerFamily(codec, APPS_BASE, org.vigne.apps.node.AppsMessage.class);
        registerFamily(codec, DATA_BASE, org.vigne.data.DataMessage.class);
        registerFamily(codec, SYNC_BASE, org.vigne.sync.SyncMessage.class);
        return codec;
    }

    /** Registers the records of the sealed {@code family} from code {@code base}, sorted by simple name. */
    static void registerFamily(MessageCodec codec, int base, Class<? extends Message> family) {
        List<Class<? extends Message>> records = records(family);
        if (records.size() > FAMILY_SPAN) {
            throw new IllegalStateException(family.getName() + " has more than " + FAMILY_SPAN + " records");
        }
        for (int i = 0; i < records.size(); i++) {
            codec.register(base + i, records.get(i));
        }
    }

    /** The wire records of a sealed family, nested sealed families included, sorted by simple name. */
    @SuppressWarnings("unchecked")
    static List<Class<? extends Message>> records(Class<? extends Message> family) {
        List<Class<? extends Message>> out = new ArrayList<>();
        Class<?>[] permitted = family.getPermittedSubclasses();
        if (permitted == null) {
            throw new IllegalArgumentException(family.getName() + " is not a sealed message family");
        }
        for (Class<?> c : permitted) {
            if (c == OverlayMessage.PeerUnreachable.class) {
                continue;
            }
            if (c.isRecord()) {
                out.add((Class<? extends Message>) c);
            } else if (c.isSealed()) {
                out.addAll(records((Class<? extends Message>) c));
            } else {
                throw new IllegalArgumentException(c.getName() + " in " + family.getName()
                        + " is neither a record nor a sealed family");
            }
        }
        out.sort(Comparator.comparing(Class::getSimpleName));
        return out;
    }
}
