package org.vigne.apps.node;

import java.util.List;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;

/**
 * The messages of application management between nodes, besides what travels through group
 * communication (commands and host orders): placement without a central scheduler, and the
 * heartbeats by which hosts show managers that their instances live. Plain records, so the wire
 * codec can encode them; sizes follow the model of {@link Message#sizeBytes()} (20 bytes per id,
 * {@link NodeHandle#WIRE_BYTES} per handle, 8 per long, 4 per int or list length, 1 plus the
 * length per string).
 */
public sealed interface AppsMessage extends Message {

    /** Bytes of a short string on the wire. */
    static int text(String s) {
        return 1 + (s == null ? 0 : s.length());
    }

    /**
     * A manager's request for {@code slots} free slots for one incarnation, routed to a random key
     * (hops 0) and passed by a full root to its leaf-set neighbours (hops 1). A node with the slots
     * free reserves them for {@code leaseMs} and answers {@code asker} directly.
     */
    record SlotRequest(long requestId, String appId, int component, int incarnation, int slots, NodeHandle asker,
                       long leaseMs, int hops) implements AppsMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 8 + text(appId) + 4 * 4 + NodeHandle.WIRE_BYTES + 8;
        }
    }

    /** {@code node} reserved slots for the incarnation of request {@code requestId}. */
    record SlotGranted(long requestId, String appId, int component, int incarnation, NodeHandle node)
            implements AppsMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 8 + text(appId) + 8 + NodeHandle.WIRE_BYTES;
        }
    }

    /** The manager does not need this reservation (another node was chosen): free it. */
    record SlotRelease(String appId, int component, int incarnation) implements AppsMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + text(appId) + 8;
        }
    }

    /**
     * A host's beat for the instances it runs of several applications, to the node it believes
     * leads their managers: one message per manager node and period, however many instances.
     */
    record Beats(List<AppBeat> apps) implements AppsMessage {
        @Override
        public int sizeBytes() {
            int n = HEADER_BYTES + 4;
            for (AppBeat a : apps) {
                n += a.sizeBytes();
            }
            return n;
        }
    }

    /** A beat for one application whose manager's leader the host does not know: routed to the manager's key. */
    record RoutedBeat(Id key, AppBeat beat, NodeHandle origin, int forwards) implements AppsMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + Id.BYTES + beat.sizeBytes() + NodeHandle.WIRE_BYTES + 4;
        }
    }

    /**
     * A manager node's answer to beats: the applications it leads, those it does not (ask again by
     * routing), and the ended instances whose end report the manager wants again (it believes them
     * still running: a rebuild lost the report).
     */
    record BeatAck(List<String> led, List<String> notLed, List<AppBeat> resend) implements AppsMessage {
        @Override
        public int sizeBytes() {
            int n = HEADER_BYTES + 12;
            for (String s : led) {
                n += text(s);
            }
            for (String s : notLed) {
                n += text(s);
            }
            for (AppBeat b : resend) {
                n += b.sizeBytes();
            }
            return n;
        }
    }

    /**
     * The manager of {@code appId}, led by the sender, changed what a node's view of its shared
     * objects derives from (see {@code ViewNotices}): read its status now.
     */
    record ViewChanged(String appId) implements AppsMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + text(appId);
        }
    }

    /** The sender now leads the manager of {@code appId}: beat to it. */
    record ManagerHere(String appId) implements AppsMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + text(appId);
        }
    }

    /**
     * A request to the host of one instance for up to {@code maxBytes} of its stdout (or stderr)
     * from {@code offset}: the API side of {@code vigne logs --follow}. Answered with a {@link LogChunk}.
     */
    record LogRead(long requestId, String appId, int component, int incarnation, boolean stderr, long offset,
                   int maxBytes) implements AppsMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 8 + text(appId) + 8 + 1 + 8 + 4;
        }
    }

    /**
     * A host's answer to a {@link LogRead}: {@code found} false when it keeps no logs of the
     * instance; {@code running} while the instance runs there (more may be written).
     */
    record LogChunk(long requestId, boolean found, boolean running, byte[] data) implements AppsMessage {
        @Override
        public int sizeBytes() {
            return HEADER_BYTES + 8 + 2 + 4 + data.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LogChunk c && c.requestId == requestId && c.found == found && c.running == running
                    && java.util.Arrays.equals(c.data, data);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(requestId, found, running, java.util.Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "LogChunk[" + requestId + ", found " + found + ", running " + running + ", " + data.length + " bytes]";
        }
    }

    /**
     * The instances of one application a host runs, and those that ended there recently (their end
     * report was acknowledged; the host keeps it a while), each as {@code component << 32 | incarnation}.
     */
    record AppBeat(String appId, List<Long> instances, List<Long> ended) {
        public AppBeat {
            instances = List.copyOf(instances);
            ended = List.copyOf(ended);
        }

        int sizeBytes() {
            return text(appId) + 8 + 8 * (instances.size() + ended.size());
        }

        static long pack(int component, int incarnation) {
            return ((long) component << 32) | (incarnation & 0xFFFF_FFFFL);
        }

        static int component(long packed) {
            return (int) (packed >>> 32);
        }

        static int incarnation(long packed) {
            return (int) packed;
        }
    }
}
