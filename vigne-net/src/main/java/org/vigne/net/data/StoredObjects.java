package org.vigne.net.data;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
    private final StoredCheckpoints stored;

    public StoredObjects(FileStore files) {
        this.stored = new StoredCheckpoints(files);
    }

    @Override
    public void objects(String appId, List<String> checkpoints, Consumer<ApiResult<Map<String, byte[]>>> done) {
        stored.read(appId, checkpoints, ObjectsSnapshot::in, r -> {
            if (!r.ok()) {
                done.accept(ApiResult.failure(r.status(), r.error()));
            } else if (r.value().contains(null)) {
                done.accept(ApiResult.failure(ApiResult.Status.UNAVAILABLE, "a checkpoint of " + appId + " in "
                        + checkpoints + " holds no shared-object values"));
            } else {
                done.accept(ApiResult.ok(ObjectsSnapshot.merge(r.value()).values()));
            }
        });
    }
}
