package org.vigne.net.wire;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vigne.core.Message;

/**
 * The table of message type codes: the stable schema of the wire.
 *
 * <p>A code names one record class for the life of the protocol: it is never reused for another
 * class, so nodes of different builds agree on what a frame holds. Only registered classes can
 * be decoded, which is also what keeps polymorphic decoding safe (a peer cannot name an arbitrary
 * Java class). Registration is thread-safe, but belongs to start-up, before nodes exchange frames.
 */
public final class MessageTypes {
    private final Map<Integer, Class<? extends Message>> byCode = new ConcurrentHashMap<>();
    private final Map<Class<?>, Integer> byClass = new ConcurrentHashMap<>();
    /** The code of each registered class as the text Jackson writes, made once instead of per message. */
    private final Map<Class<?>, String> idByClass = new ConcurrentHashMap<>();

    /**
     * Binds {@code code} (positive) to {@code type}, a record implementing {@link Message}.
     * Registering the same pair twice is harmless; any other clash is a programming error.
     */
    public synchronized void register(int code, Class<? extends Message> type) {
        if (code <= 0) {
            throw new IllegalArgumentException("message type codes are positive, got " + code);
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record: messages are immutable records");
        }
        Class<? extends Message> known = byCode.get(code);
        Integer knownCode = byClass.get(type);
        if (type.equals(known) && knownCode != null && knownCode == code) {
            return;
        }
        if (known != null) {
            throw new IllegalArgumentException("type code " + code + " is already " + known.getName()
                    + ", cannot register " + type.getName());
        }
        if (knownCode != null) {
            throw new IllegalArgumentException(type.getName() + " is already registered as type code " + knownCode);
        }
        byCode.put(code, type);
        byClass.put(type, code);
        idByClass.put(type, Integer.toString(code));
    }

    /** The code of {@code type}, or -1 when it is not registered. */
    public int codeOf(Class<?> type) {
        Integer code = byClass.get(type);
        return code == null ? -1 : code;
    }

    /** The code of {@code type} in decimal, or null when it is not registered. */
    String idOf(Class<?> type) {
        return idByClass.get(type);
    }

    /** The class registered under {@code code}, or null. */
    public Class<? extends Message> typeOf(int code) {
        return byCode.get(code);
    }

    /** Number of registered types. */
    public int size() {
        return byCode.size();
    }
}
