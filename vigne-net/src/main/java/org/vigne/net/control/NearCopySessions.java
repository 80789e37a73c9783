package org.vigne.net.control;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.vigne.data.NearCopyChannel;
import org.vigne.data.ObjectName;

/**
 * The component sessions of one node that keep near copies: each is a WebSocket its client keeps
 * open ({@code GET /apps/APP/near}), scoped to one application. The data service revokes a near
 * copy through here ({@code SEQ NAME} in a text frame) and the client answers the same line once
 * it dropped the copy. A session whose socket is gone is forgotten; what it may still hold is
 * covered by its leases' expiry, never by its goodbye.
 */
final class NearCopySessions implements NearCopyChannel {
    private record Session(String app, Channel channel) {
    }

    private final AtomicLong lastId = new AtomicLong();
    private final Map<Long, Session> sessions = new ConcurrentHashMap<>();

    /** Registers a new session of {@code app} on {@code channel}; answers its id (positive). */
    long open(String app, Channel channel) {
        long id = lastId.incrementAndGet();
        sessions.put(id, new Session(app, channel));
        channel.closeFuture().addListener(f -> sessions.remove(id));
        return id;
    }

    /**
     * The session named by a request's {@value ObjectEndpoints#SESSION_HEADER} header when it is
     * a live session of {@code app}; 0 otherwise (no header, malformed, gone, another application).
     */
    long of(String app, String header) {
        if (header == null) {
            return 0;
        }
        long id;
        try {
            id = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
        Session s = sessions.get(id);
        return s != null && s.app().equals(app) ? id : 0;
    }

    @Override
    public void revoke(long session, ObjectName name, long seq) {
        Session s = sessions.get(session);
        if (s != null && s.channel().isActive()) {
            s.channel().writeAndFlush(new TextWebSocketFrame(seq + " " + name.name()));
        }
    }
}
