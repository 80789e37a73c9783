package org.vigne.net.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes the one response of a control request: JSON, or raw value bytes; thread-safe. */
final class Reply {
    /** Response header carrying a value's version. */
    static final String VERSION_HEADER = "X-Vigne-Version";
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final ChannelHandlerContext ctx;
    private final boolean keepAlive;

    Reply(ChannelHandlerContext ctx, boolean keepAlive) {
        this.ctx = ctx;
        this.keepAlive = keepAlive;
    }

    void json(HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
            bytes = "{\"error\":\"cannot encode the answer\"}".getBytes(StandardCharsets.UTF_8);
        }
        write(status, bytes, "application/json", -1);
    }

    void error(HttpResponseStatus status, String text) {
        json(status, Map.of("error", text));
    }

    void bytes(byte[] value, long version) {
        write(HttpResponseStatus.OK, value, "application/octet-stream", version);
    }

    /** 409 with the current value as raw bytes, marked by {@code header: conflict} (a failed compare-and-set). */
    void conflict(byte[] current, String header) {
        write(HttpResponseStatus.CONFLICT, current, "application/octet-stream", -1, header);
    }

    private void write(HttpResponseStatus status, byte[] body, String type, long version) {
        write(status, body, type, version, null);
    }

    private void write(HttpResponseStatus status, byte[] body, String type, long version, String conflictHeader) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (version >= 0) {
            r.headers().set(VERSION_HEADER, version);
        }
        if (conflictHeader != null) {
            r.headers().set(conflictHeader, "conflict");
        }
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            // Said, not only done: a client that was not told would pool the connection and send
            // its next request into the closed socket.
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
