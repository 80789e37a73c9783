package org.vigne.apps.files;

/**
 * Tunables of a {@link FileStore}.
 *
 * @param chunkBytes   a file is cut into chunks of this size (the last one shorter)
 * @param maxParallel  DHT operations in flight at once for this store, all files together
 * @param attempts     tries of a DHT get, put or remove that times out or finds the node unavailable
 * @param retryDelayMs wait before another try
 * @param maxFileBytes largest file (or encoded file set) stored or read; files are held in memory whole
 */
public record FileStoreConfig(int chunkBytes, int maxParallel, int attempts, long retryDelayMs, long maxFileBytes) {
    /** The name every node gives the files DHT. */
    public static final String DHT_NAME = "files";
    /** Its replication degree: a file survives any two crashes of the nodes holding it. */
    public static final int DHT_REPLICAS = 3;

    public FileStoreConfig {
        if (chunkBytes < 1 || maxParallel < 1 || attempts < 1 || retryDelayMs < 0 || maxFileBytes < 0
                || maxFileBytes > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("file store sizes and counts must be positive, files below 2 GiB");
        }
    }

    /** 256 KiB chunks, 8 operations in flight, 3 attempts 1 s apart, files up to 64 MiB. */
    public static FileStoreConfig defaults() {
        return new FileStoreConfig(256 * 1024, 8, 3, 1_000, 64L * 1024 * 1024);
    }

    public FileStoreConfig withChunkBytes(int bytes) {
        return new FileStoreConfig(bytes, maxParallel, attempts, retryDelayMs, maxFileBytes);
    }

    public FileStoreConfig withMaxParallel(int n) {
        return new FileStoreConfig(chunkBytes, n, attempts, retryDelayMs, maxFileBytes);
    }
}
