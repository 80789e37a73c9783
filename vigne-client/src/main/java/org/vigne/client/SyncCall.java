package org.vigne.client;

/**
 * A synchronisation request that the node answers within a bounded wait and that may be asked
 * again without effect (it names its barrier generation or semaphore operation number): it is
 * re-sent while the node answers 202 (still waiting), and also, a few times, when the connection
 * fails, since asking again never counts twice. Shared by {@link Barrier} and {@link Semaphore}.
 */
final class SyncCall {
    /** Connection failures in a row tolerated before giving up (the node may be restarting its loop). */
    private static final int MAX_UNREACHABLE = 5;
    private static final long UNREACHABLE_PAUSE_MS = 200;

    private SyncCall() {
    }

    /** Sends {@code POST path} until the node answers anything but 202; answers that answer. */
    static NodeConnection.Answer untilAnswered(NodeConnection connection, String path) {
        int unreachable = 0;
        while (true) {
            NodeConnection.Answer a;
            try {
                a = connection.exchange("POST", path, null, null);
            } catch (VigneException e) {
                if (e.status() != 0 || ++unreachable > MAX_UNREACHABLE) {
                    throw e;
                }
                pause();
                continue;
            }
            unreachable = 0;
            if (a.status() != 202) {
                return a;
            }
        }
    }

    /** {@code GET path}: the node's view of this process's barrier or semaphore. */
    static NodeConnection.Answer view(NodeConnection connection, String path, String what) {
        NodeConnection.Answer a = connection.exchange("GET", path, null, null);
        if (a.status() != 200) {
            throw new VigneException(a.status(), what + ": " + a.reason());
        }
        return a;
    }

    private static void pause() {
        try {
            Thread.sleep(UNREACHABLE_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VigneException(0, "interrupted while the node was unreachable");
        }
    }
}
