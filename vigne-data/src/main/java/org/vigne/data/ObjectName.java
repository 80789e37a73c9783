package org.vigne.data;

import java.nio.charset.StandardCharsets;
import org.vigne.core.Id;

/**
 * The location-independent name of a shared object: the application it is private to and its name
 * within that application. Its {@link #key()} places its object manager in the objects DHT.
 */
public record ObjectName(String application, String name) {
    /** Longest application or object name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    public ObjectName {
        check("application", application);
        check("object", name);
    }

    private static void check(String what, String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("an " + what + " name is not empty");
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("an " + what + " name has at most " + MAX_NAME_BYTES + " bytes");
        }
    }

    /** True when both names are acceptable (for input from the network). */
    public static boolean valid(String application, String name) {
        return application != null && name != null && !application.isEmpty() && !name.isEmpty()
                && application.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES
                && name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
    }

    /**
     * SHA-1 of the application and object names (length-prefixed, so ("a/b", "c") and ("a", "b/c")
     * differ): the key of this object's manager in the objects DHT.
     */
    public Id key() {
        byte[] a = application.getBytes(StandardCharsets.UTF_8);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[2 + a.length + n.length];
        all[0] = (byte) a.length;
        System.arraycopy(a, 0, all, 1, a.length);
        all[1 + a.length] = (byte) n.length;
        System.arraycopy(n, 0, all, 2 + a.length, n.length);
        return Id.sha1(all);
    }

    /** Bytes of this name on the wire: two length-prefixed strings. */
    public int wireBytes() {
        return 2 + application.getBytes(StandardCharsets.UTF_8).length + name.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return application + "/" + name;
    }
}
