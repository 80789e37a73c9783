package org.vigne.apps.files;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.vigne.core.Env;
import org.vigne.core.Id;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtResult;

/**
 * The files DHT as a {@link FileStore} uses it: at most {@link FileStoreConfig#maxParallel()}
 * operations in flight (the rest wait in order), and gets, puts and removes tried again after a
 * timeout or an unavailable node. A conditional put is never retried here: it may have been
 * applied, so its caller reads again instead.
 */
final class DhtQueue {
    private interface Op {
        void run(Consumer<DhtResult> done);
    }

    private final Env env;
    private final Dht dht;
    private final FileStoreConfig config;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;
    private long operations;

    DhtQueue(Env env, Dht dht, FileStoreConfig config) {
        this.env = env;
        this.dht = dht;
        this.config = config;
    }

    void put(Id key, byte[] value, Consumer<DhtResult> done) {
        retrying(d -> dht.put(key, value, d), done, config.attempts());
    }

    void get(Id key, Consumer<DhtResult> done) {
        retrying(d -> dht.get(key, d), done, config.attempts());
    }

    void remove(Id key, Consumer<DhtResult> done) {
        retrying(d -> dht.remove(key, d), done, config.attempts());
    }

    void putIfVersion(Id key, byte[] value, long version, Consumer<DhtResult> done) {
        submit(d -> dht.putIfVersion(key, value, version, d), done);
    }

    /** Operations waiting or in flight. */
    int pending() {
        return inFlight + waiting.size();
    }

    /** DHT operations issued so far (retries included). */
    long operations() {
        return operations;
    }

    private void retrying(Op op, Consumer<DhtResult> done, int attemptsLeft) {
        submit(op, r -> {
            boolean transientFailure = r.status() == DhtResult.Status.TIMEOUT || r.status() == DhtResult.Status.UNAVAILABLE;
            if (transientFailure && attemptsLeft > 1) {
                env.schedule(config.retryDelayMs(), () -> retrying(op, done, attemptsLeft - 1));
            } else {
                done.accept(r);
            }
        });
    }

    private void submit(Op op, Consumer<DhtResult> done) {
        Runnable start = () -> {
            inFlight++;
            operations++;
            op.run(r -> {
                inFlight--;
                Runnable next = waiting.poll();
                if (next != null) {
                    next.run();
                }
                done.accept(r);
            });
        };
        if (inFlight < config.maxParallel()) {
            start.run();
        } else {
            waiting.add(start);
        }
    }
}
