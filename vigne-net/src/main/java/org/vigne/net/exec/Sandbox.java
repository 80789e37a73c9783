package org.vigne.net.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vigne.apps.exec.InstanceId;

/**
 * The directory of one component instance under the node's data dir:
 * {@code sandboxes/APP/cCOMPONENT.iINCARNATION/} holding {@code work/} (the process's working
 * directory: inputs, outputs), {@code checkpoint/} ({@code VIGNE_CHECKPOINT_DIR}), {@code tmp/}
 * ({@code TMPDIR}), the {@code stdout} and {@code stderr} files, and {@code pid} (so a restarted
 * node can find the processes of its previous run).
 */
public record Sandbox(Path dir) {
    /** The sandbox of {@code id} under {@code root}. */
    public static Sandbox of(Path root, InstanceId id) {
        return new Sandbox(root.resolve(id.appId()).resolve("c" + id.component() + ".i" + id.incarnation()));
    }

    public Path work() {
        return dir.resolve("work");
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint");
    }

    public Path tmp() {
        return dir.resolve("tmp");
    }

    public Path stdout() {
        return dir.resolve("stdout");
    }

    public Path stderr() {
        return dir.resolve("stderr");
    }

    public Path pidFile() {
        return dir.resolve("pid");
    }

    /** Creates the sandbox afresh (a leftover of the same instance is deleted first). */
    public void create() throws IOException {
        LocalFiles.deleteTree(dir);
        Files.createDirectories(work());
        Files.createDirectories(checkpoint());
        Files.createDirectories(tmp());
    }
}
