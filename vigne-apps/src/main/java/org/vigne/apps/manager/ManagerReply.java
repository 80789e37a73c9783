package org.vigne.apps.manager;

import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.MalformedException;

/**
 * What a manager answers a command with (the result its submitter receives): a code, a readable
 * message, and for queries and kills the application's status.
 *
 * @param code    how the command went
 * @param message why, when not accepted
 * @param status  the application's status, or null
 */
public record ManagerReply(Code code, String message, AppStatus status) {
    /** How a command went. */
    public enum Code {
        /** Applied. */
        ACCEPTED,
        /** Valid, but nothing to do: a stale incarnation's report, a duplicate, a kill of a finished application. */
        IGNORED,
        /** This manager holds no application (the group was never given one). */
        UNKNOWN_APPLICATION,
        /** Refused: a bad submission, or a removal of an application that still runs. */
        REFUSED,
        /** The command's bytes do not decode. */
        MALFORMED
    }

    public ManagerReply {
        message = message == null ? "" : message;
    }

    static ManagerReply of(Code code, String message) {
        return new ManagerReply(code, message, null);
    }

    public boolean accepted() {
        return code == Code.ACCEPTED;
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(status == null ? 16 : 512);
        w.u8(code.ordinal()).string(message);
        w.bytes(status == null ? new byte[0] : StatusCodec.encode(status));
        return w.toByteArray();
    }

    public static ManagerReply decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        Code code = StatusCodec.at(Code.values(), r.u8());
        String message = r.string();
        byte[] status = r.bytes();
        r.end();
        if (status.length == 0) {
            return new ManagerReply(code, message, null);
        }
        try {
            return new ManagerReply(code, message, StatusCodec.decode(status));
        } catch (IllegalArgumentException e) {
            throw new MalformedException("bad status in a manager reply: " + e.getMessage());
        }
    }
}
