package org.vigne.net.data;

import java.util.function.BiConsumer;
import org.vigne.core.Id;
import org.vigne.core.Message;
import org.vigne.core.NodeHandle;
import org.vigne.core.Service;
import org.vigne.data.DataMessage;
import org.vigne.data.SharedObjects;
import org.vigne.overlay.OverlayApplication;

/**
 * What stands between a real node's transport and its {@link SharedObjects}: it tells the
 * {@link ApplicationFeed} of applications whose copies it hears from (a copy may receive a request
 * before its node has read the application's status; routed messages, for object managers, need
 * no view), and it keeps an exception out of the node's loop:
 * a message whose handling throws is dropped and counted as malformed, like a message that
 * fails {@link DataMessage#wellFormed}.
 */
public final class DataGate implements Service, OverlayApplication {
    private final SharedObjects objects;
    private BiConsumer<String, Long> heardOf = (app, epoch) -> { };

    public DataGate(SharedObjects objects) {
        this.objects = objects;
    }

    /** Where applications heard of in messages are reported (the feed, once the node runs one). */
    public void onHeardOf(BiConsumer<String, Long> heardOf) {
        this.heardOf = heardOf;
    }

    @Override
    public void onMessage(NodeHandle from, Message msg) {
        try {
            note(msg);
            objects.onMessage(from, msg);
        } catch (RuntimeException e) {
            objects.counters().malformed++;
        }
    }

    @Override
    public void deliver(Id key, Message payload, NodeHandle origin) {
        try {
            objects.deliver(key, payload, origin);
        } catch (RuntimeException e) {
            objects.counters().malformed++;
        }
    }

    private void note(Message msg) {
        if (msg instanceof DataMessage m && m.object() != null && m.epoch() >= 0) {
            heardOf.accept(m.object().application(), m.epoch());
        }
    }

    @Override
    public void stop() {
        objects.stop();
    }
}
