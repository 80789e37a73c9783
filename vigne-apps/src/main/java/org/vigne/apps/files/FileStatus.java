package org.vigne.apps.files;

/** How a {@link FileStore} operation ended. */
public enum FileStatus {
    /** Done. */
    OK,
    /** No file of that name (never written, or removed). */
    NOT_FOUND,
    /** Another content is already stored under that name: files are immutable, remove it first. */
    EXISTS,
    /** The file is being written (or its writer died before the end): its manifest is not complete. */
    INCOMPLETE,
    /** A chunk the manifest lists is gone from the DHT (more than r - 1 of its holders lost at once). */
    MISSING_CHUNK,
    /** The stored bytes do not match the manifest (wrong chunk size, content hash mismatch, undecodable). */
    CORRUPT,
    /** Larger than {@link FileStoreConfig#maxFileBytes()}; nothing was stored. */
    TOO_LARGE,
    /** The application's files were removed; nothing more is stored for it. */
    REMOVED,
    /** The DHT did not answer after every attempt (timeouts, node not joined, too many operations). */
    UNAVAILABLE
}
