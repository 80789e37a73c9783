package org.vigne.net.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.vigne.data.MasterValue;
import org.vigne.data.SharedObjects;

/**
 * Takes the shared objects' part of a component's checkpoint on a real node: once the view holds
 * the application's current epoch (its manager is asked first), every object this node knows of
 * is read through the consistency protocol, and the values, with their versions, become an
 * {@link ObjectsSnapshot}. The executor calls it while the checkpointing component waits (it is
 * blocked in {@code vigne checkpoint}, or has exited with its checkpoint code), so the snapshot
 * holds every write the component made before its checkpoint and none it made after.
 *
 * <p>Any read that fails fails the capture: a checkpoint is refused rather than stored with part
 * of the objects. Callable from any thread; the work runs on the node's event loop.
 */
public final class ObjectsCapture {
    private final Executor loop;
    private final SharedObjects objects;
    private final ApplicationFeed feed;
    private final long waitMs;

    /** @param waitMs how long the application's view may take to be current before the capture fails */
    public ObjectsCapture(Executor loop, SharedObjects objects, ApplicationFeed feed, long waitMs) {
        this.loop = loop;
        this.objects = objects;
        this.feed = feed;
        this.waitMs = waitMs;
    }

    /** The encoded snapshot of {@code app}'s objects, or a failure saying why it could not be taken. */
    public CompletableFuture<byte[]> capture(String app) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        loop.execute(() -> feed.refresh(app, waitMs, readiness -> {
            if (readiness == ApplicationFeed.Readiness.READY) {
                readAll(app, objects.objectNames(app), result);
            } else {
                result.completeExceptionally(new IllegalStateException("the shared objects of " + app
                        + " cannot be read here: " + readiness));
            }
        }));
        return result;
    }

    private void readAll(String app, SortedSet<String> names, CompletableFuture<byte[]> result) {
        Map<String, MasterValue> values = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int[] left = {names.size()};
        if (names.isEmpty()) {
            result.complete(ObjectsSnapshot.of(values).encode());
            return;
        }
        for (String name : names) {
            objects.readVersioned(app, name, (r, v) -> {
                if (v != null) {
                    values.put(name, v);
                } else {
                    problems.add(name + ": " + r.status() + " " + r.error());
                }
                if (--left[0] == 0) {
                    if (problems.isEmpty()) {
                        result.complete(ObjectsSnapshot.of(values).encode());
                    } else {
                        result.completeExceptionally(new IllegalStateException("shared objects of " + app
                                + " unreadable: " + String.join("; ", problems)));
                    }
                }
            });
        }
    }
}
