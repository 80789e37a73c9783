package org.vigne.client;

/**
 * A named counting semaphore of the application ({@code Vigne#semaphore}): {@link #acquire}
 * waits (in FIFO order) until the permits are free; {@link #release} gives back permits this
 * process holds (beyond them: refused, 409). Declared with its number of permits before first use
 * ({@link #declare}; declaring again with the same number does nothing).
 *
 * <p>Each acquisition or release names its number among this process's operations on the
 * semaphore (learnt from the node at first use, then counted), so waiting longer than the node's
 * bounded wait, or a lost connection, re-sends the same operation: permits are never taken or
 * given back twice. Not thread-safe.
 */
public final class Semaphore {
    private final NodeConnection connection;
    private final String path;
    private final String process;
    private final String name;
    private long next = -1;

    Semaphore(NodeConnection connection, String path, String process, String name) {
        this.connection = connection;
        this.path = path;
        this.process = process;
        this.name = name;
    }

    /** Creates the semaphore with {@code permits} permits; done if it exists with as many, refused (409) with another number. */
    public Semaphore declare(int permits) {
        positive(permits);
        ok(SyncCall.untilAnswered(connection, path + "/declare?" + process + "&permits=" + permits));
        return this;
    }

    /** Takes {@code permits} permits, waiting until they are free; answers this operation's number. */
    public long acquire(int permits) {
        return operation("acquire", permits);
    }

    /** Gives back {@code permits} permits this process holds; answers this operation's number. */
    public long release(int permits) {
        return operation("release", permits);
    }

    /** The number of this process's next acquisition or release of this semaphore. */
    public long sequence() {
        if (next < 0) {
            next = SyncCall.view(connection, path + "?" + process, "semaphore " + name).number("seq");
        }
        return next;
    }

    /** Permits this process holds, as its node counts them. */
    public long held() {
        return SyncCall.view(connection, path + "?" + process, "semaphore " + name).number("held");
    }

    public String name() {
        return name;
    }

    private long operation(String verb, int permits) {
        positive(permits);
        long s = sequence();
        NodeConnection.Answer a = SyncCall.untilAnswered(connection, path + "/" + verb + "?" + process + "&permits="
                + permits + "&seq=" + s);
        next = a.status() == 200 ? s + 1 : -1; // after a refusal, ask the node where this process stands
        ok(a);
        return s;
    }

    private void ok(NodeConnection.Answer a) {
        if (a.status() != 200) {
            throw new VigneException(a.status(), "semaphore " + name + ": " + a.reason());
        }
    }

    private static void positive(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits are at least 1, got " + permits);
        }
    }
}
