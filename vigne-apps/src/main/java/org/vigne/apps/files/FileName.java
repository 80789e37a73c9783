package org.vigne.apps.files;

import org.vigne.apps.spec.Names;
import org.vigne.core.Id;

/**
 * The location-independent name of a stored file: the application it belongs to and a relative
 * path within it ({@code inputs/words.txt}, {@code checkpoints/counter/3}). The name, not the
 * node that wrote it, decides where the file lives in the files DHT.
 */
public record FileName(String appId, String path) {
    public FileName {
        Names.requireAppId(appId);
        String problem = Names.relativePathProblem(path);
        if (problem != null) {
            throw new IllegalArgumentException("a file path " + problem + ", got \"" + path + "\"");
        }
    }

    /** The key of this file's manifest in the files DHT. */
    public Id manifestKey() {
        return Id.sha1("vigne-file\0" + appId + "\0" + path);
    }

    /** The key of the index that lists the files of {@code appId}. */
    public static Id indexKey(String appId) {
        return Id.sha1("vigne-files-index\0" + Names.requireAppId(appId));
    }

    @Override
    public String toString() {
        return appId + ":" + path;
    }
}
