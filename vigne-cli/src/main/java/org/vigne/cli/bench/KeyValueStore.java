package org.vigne.cli.bench;

import java.util.concurrent.CompletableFuture;

/**
 * The system under benchmark, as its embedded client sees it: a put and a get that complete when
 * the system acknowledges them (exceptionally on failure). Calls come from several client threads
 * at once; implementations must be thread-safe.
 */
public interface KeyValueStore extends AutoCloseable {
    /** Name in the report, e.g. "vigne" or "hazelcast". */
    String system();

    /** Details of the setup for the report (nodes, replication, ...). */
    String setup();

    /** Stores {@code value} under {@code key}, replicated as the system is configured. */
    CompletableFuture<?> put(String key, byte[] value);

    /** Reads the value of {@code key}; completes with null when there is none. */
    CompletableFuture<byte[]> get(String key);

    /** Stops the system. */
    @Override
    void close();
}
