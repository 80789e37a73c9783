package org.vigne.net.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.files.FileName;
import org.vigne.apps.files.FileResult;
import org.vigne.apps.files.FileSet;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.node.ApiResult;

/**
 * Reads, from the files DHT, the shared objects' values a restart epoch starts from: the
 * snapshots stored inside the checkpoints its manager names ({@code objectsFrom}), merged
 * ({@link ObjectsSnapshot#merge}). Any checkpoint that cannot be read, or holds no snapshot, makes
 * the whole read fail: an epoch never starts from part of its checkpoint, nor from nothing.
 * On the node's event loop.
 */
public final class StoredObjects implements ApplicationFeed.ObjectsSource {
    private final FileStore files;

    public StoredObjects(FileStore files) {
        this.files = files;
    }

    @Override
    public void objects(String appId, List<String> checkpoints, Consumer<ApiResult<Map<String, byte[]>>> done) {
        List<ObjectsSnapshot> found = new ArrayList<>();
        next(appId, checkpoints, 0, found, done);
    }

    private void next(String appId, List<String> checkpoints, int i, List<ObjectsSnapshot> found,
                      Consumer<ApiResult<Map<String, byte[]>>> done) {
        if (i == checkpoints.size()) {
            done.accept(ApiResult.ok(ObjectsSnapshot.merge(found).values()));
            return;
        }
        String path = checkpoints.get(i);
        files.getFiles(new FileName(appId, path), r -> {
            String problem = snapshotOf(r, found);
            if (problem != null) {
                done.accept(ApiResult.failure(ApiResult.Status.UNAVAILABLE, "checkpoint " + path + " of " + appId + ": "
                        + problem));
            } else {
                next(appId, checkpoints, i + 1, found, done);
            }
        });
    }

    /** Adds the snapshot in {@code r} to {@code found}; answers why it could not, or null. */
    private static String snapshotOf(FileResult<FileSet> r, List<ObjectsSnapshot> found) {
        if (!r.ok()) {
            return r.status() + " " + r.error();
        }
        try {
            ObjectsSnapshot s = ObjectsSnapshot.in(r.value());
            if (s == null) {
                return "it holds no shared-object values";
            }
            found.add(s);
            return null;
        } catch (MalformedException e) {
            return "unreadable shared-object values: " + e.getMessage();
        }
    }
}
