package org.vigne.net.node;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.vigne.core.Id;
import org.vigne.dht.Dht;
import org.vigne.dht.DhtResult;

/**
 * A thread-safe handle on a node's DHTs: each call hops onto the node's event loop, issues the
 * operation there, and completes with the DHT's answer (on the loop, so callers should not block
 * in a continuation). A caller that blocks on the answer polls briefly before it parks, as long as
 * answers of that kind (gets, writes) come quickly ({@link BriefWait}). The control API and the
 * benchmark's in-process client both use it.
 */
public final class DhtClient {
    private final GridNode node;
    private final BriefWait.Expected gets = new BriefWait.Expected();
    private final BriefWait.Expected writes = new BriefWait.Expected();

    public DhtClient(GridNode node) {
        this.node = node;
    }

    /** Stores {@code value} under {@code key} in the DHT {@code dht}. */
    public CompletableFuture<DhtResult> put(String dht, Id key, byte[] value) {
        return submit(dht, writes, (d, done) -> d.put(key, value, done));
    }

    /** Reads {@code key} from the DHT {@code dht}. */
    public CompletableFuture<DhtResult> get(String dht, Id key) {
        return submit(dht, gets, (d, done) -> d.get(key, done));
    }

    /** Removes {@code key} from the DHT {@code dht}. */
    public CompletableFuture<DhtResult> remove(String dht, Id key) {
        return submit(dht, writes, (d, done) -> d.remove(key, done));
    }

    /** An operation on one DHT, reporting once to {@code done}. */
    private interface Op {
        void run(Dht dht, Consumer<DhtResult> done);
    }

    /** Runs {@code op} on the node's loop; a caller that blocks on the result polls briefly first ({@link BriefWait}). */
    private CompletableFuture<DhtResult> submit(String name, BriefWait.Expected kind, Op op) {
        CompletableFuture<DhtResult> f = new BriefWait<>(kind.spinNs());
        long start = kind.start();
        node.net().execute(() -> {
            Optional<Dht> d = node.dht().dht(name);
            if (d.isEmpty()) {
                f.completeExceptionally(new UnknownDhtException(name, node.settings().dhts()));
            } else {
                op.run(d.get(), r -> {
                    kind.answered(start);
                    f.complete(r);
                });
            }
        });
        return f;
    }
}
