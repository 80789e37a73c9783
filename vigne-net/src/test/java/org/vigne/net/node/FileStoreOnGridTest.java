package org.vigne.net.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigne.apps.files.FileName;
import org.vigne.apps.files.FileResult;
import org.vigne.apps.files.FileSet;
import org.vigne.apps.files.Manifest;
import org.vigne.net.fixtures.Await;

/** Files chunked into the files DHT of real nodes: 256 KiB chunks travel in authenticated frames. */
class FileStoreOnGridTest {
    @TempDir
    Path state;

    @Test
    void directoryWrittenThroughOneNode_isReadWholeThroughAnother() throws Exception {
        try (LocalGrid grid = LocalGrid.start(LocalGrid.Options.of(5, 0, state))) {
            grid.allJoined().get(30, TimeUnit.SECONDS);
            Await.until("leaf sets converge", Duration.ofSeconds(30), grid::leafSetsConverged);
            byte[] big = new byte[700_000];
            new SplittableRandom(3).nextBytes(big);
            FileSet files = FileSet.of(Map.of("state.bin", big, "step", "12".getBytes()));
            FileName name = new FileName("count", "checkpoints/c0/12");
            GridNode writer = grid.nodes().get(1);
            GridNode reader = grid.nodes().get(4);

            CompletableFuture<FileResult<Manifest>> put = new CompletableFuture<>();
            writer.net().execute(() -> writer.fileStore().putFiles(name, files, put::complete));
            FileResult<Manifest> stored = put.get(30, TimeUnit.SECONDS);
            CompletableFuture<FileResult<FileSet>> get = new CompletableFuture<>();
            reader.net().execute(() -> reader.fileStore().getFiles(name, get::complete));
            FileResult<FileSet> read = get.get(30, TimeUnit.SECONDS);

            assertThat(stored.ok()).as(stored.error()).isTrue();
            assertThat(stored.value().chunkCount()).isEqualTo(3);
            assertThat(read.ok()).as(read.error()).isTrue();
            assertThat(read.value()).isEqualTo(files);
            for (int i = 0; i < 5; i++) {
                assertThat(grid.nodes().get(i).executor()).as("executor of node %d", i).isNotNull();
                assertThat(Files.isDirectory(state.resolve("node-" + i).resolve(DataDir.SANDBOXES))).isTrue();
            }
        }
    }
}
