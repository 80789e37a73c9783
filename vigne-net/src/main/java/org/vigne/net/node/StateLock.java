package org.vigne.net.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a state dir for the life of the grid that uses it, so a second grid started
 * on the same state is refused with a clear message instead of overwriting the first one's tokens.
 * The operating system releases it when the process dies, even by kill -9.
 */
final class StateLock {
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateLock acquire(Path dir) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new IllegalStateException("a local grid is already running with its state in " + dir
                    + ": stop it first (Ctrl-C)");
        }
        return new StateLock(ch, l);
    }

    void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock dies with the channel or the process anyway.
        }
    }
}
