package org.vigne.net.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.files.FileName;
import org.vigne.apps.files.FileSet;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.node.ApiResult;

/**
 * Reads a part (the shared objects', the semaphores') of the stored checkpoints a restart epoch
 * starts from, one checkpoint after the other from the files DHT. A checkpoint that cannot be
 * read, or whose part is unreadable, fails the whole read: an epoch never starts from part of
 * its round. On the node's event loop.
 */
public final class StoredCheckpoints {
    private final FileStore files;

    public StoredCheckpoints(FileStore files) {
        this.files = files;
    }

    /**
     * The parts {@code part} finds in {@code checkpoints} of {@code appId}, in order; {@code part}
     * answers null for a checkpoint without one (the caller decides whether that is allowed) and
     * throws {@link MalformedException} for an unreadable one.
     */
    public <T> void read(String appId, List<String> checkpoints, Function<FileSet, T> part,
                         Consumer<ApiResult<List<T>>> done) {
        next(appId, checkpoints, 0, part, new ArrayList<>(), done);
    }

    private <T> void next(String appId, List<String> checkpoints, int i, Function<FileSet, T> part, List<T> found,
                          Consumer<ApiResult<List<T>>> done) {
        if (i == checkpoints.size()) {
            done.accept(ApiResult.ok(found));
            return;
        }
        String path = checkpoints.get(i);
        files.getFiles(new FileName(appId, path), r -> {
            String problem = null;
            if (!r.ok()) {
                problem = r.status() + " " + r.error();
            } else {
                try {
                    found.add(part.apply(r.value()));
                } catch (MalformedException e) {
                    problem = "unreadable: " + e.getMessage();
                }
            }
            if (problem != null) {
                done.accept(ApiResult.failure(ApiResult.Status.UNAVAILABLE, "checkpoint " + path + " of " + appId + ": "
                        + problem));
            } else {
                next(appId, checkpoints, i + 1, part, found, done);
            }
        });
    }
}
