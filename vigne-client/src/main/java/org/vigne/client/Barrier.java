package org.vigne.client;

/**
 * A named barrier of the application ({@code Vigne#barrier}): {@link #await()} returns once all its
 * parties arrived in the current generation. The barrier survives the failure of any node; when
 * the application restarts from a checkpoint, its barriers start afresh (generation 0) for every
 * component together.
 *
 * <p>Each call names the generation it arrives in, which this object learns from the node at
 * first use and counts afterwards, so waiting longer than the node's bounded wait, or a lost
 * connection, re-sends the same arrival: it never counts twice. Not thread-safe (one process, one
 * arrival at a time).
 */
public final class Barrier {
    private final NodeConnection connection;
    private final String path;
    private final String process;
    private final String name;
    private final int parties;
    private long next = -1;

    Barrier(NodeConnection connection, String path, String process, String name, int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a barrier has at least one party, got " + parties);
        }
        this.connection = connection;
        this.path = path;
        this.process = process;
        this.name = name;
        this.parties = parties;
    }

    /**
     * Arrives and waits until every party of this generation arrived; answers the generation
     * released. A refusal (another party count for this generation: 409 with the node's line; a
     * broken barrier or a restarted application: 409; an ended one: 410) is a {@link VigneException}.
     */
    public long await() {
        long g = generation();
        NodeConnection.Answer a = SyncCall.untilAnswered(connection, path + "/await?" + process + "&parties=" + parties
                + "&generation=" + g);
        if (a.status() != 200) {
            next = -1; // after a refusal, ask the node where this process stands
            throw new VigneException(a.status(), "barrier " + name + ": " + a.reason());
        }
        next = g + 1;
        return g;
    }

    /** The generation this process's next {@link #await()} arrives in (asked of the node at first use). */
    public long generation() {
        if (next < 0) {
            next = SyncCall.view(connection, path + "?" + process, "barrier " + name).number("generation");
        }
        return next;
    }

    public String name() {
        return name;
    }

    public int parties() {
        return parties;
    }
}
