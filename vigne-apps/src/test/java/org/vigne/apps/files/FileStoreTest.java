package org.vigne.apps.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.vigne.apps.testing.MemoryDht;
import org.vigne.core.Id;
import org.vigne.core.testing.ManualEnv;
import org.vigne.dht.DhtResult;

/** The file store's own logic over a one-map DHT: chunking, immutability, failures, removal, bounds. */
class FileStoreTest {
    private final ManualEnv env = new ManualEnv(1);
    private final MemoryDht dht = new MemoryDht(env);
    private final FileStoreConfig config = FileStoreConfig.defaults().withChunkBytes(1000).withMaxParallel(4);
    private final FileStore store = new FileStore(env, dht, config);
    private final FileName name = new FileName("app-1", "outputs/result.bin");

    private <T> FileResult<T> await(Consumer<Consumer<FileResult<T>>> op) {
        Object[] out = new Object[1];
        op.accept(r -> {
            assertThat(out[0]).as("a second callback").isNull();
            out[0] = r;
        });
        assertThat(out[0]).as("callback inside the call").isNull();
        env.runFor(600_000);
        assertThat(out[0]).as("callback never ran").isNotNull();
        @SuppressWarnings("unchecked")
        FileResult<T> r = (FileResult<T>) out[0];
        return r;
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    @Test
    void put_cutsChunks_andGetReassemblesTheSameBytes() {
        byte[] content = bytes(3500, 7);
        FileResult<Manifest> put = this.<Manifest>await(d -> store.put(name, content, d));
        FileResult<byte[]> got = this.<byte[]>await(d -> store.get(name, d));

        assertThat(put.ok()).as(put.error()).isTrue();
        assertThat(put.value().chunkCount()).isEqualTo(4);
        assertThat(put.value().complete()).isTrue();
        assertThat(got.value()).isEqualTo(content);
        assertThat(dht.contents()).as("manifest, 4 chunks, index").hasSize(6);
        assertThat(dht.contents().get(put.value().chunkKey(name.manifestKey(), 3))).hasSize(500);
    }

    @Test
    void emptyFile_andDirectory_roundTrip() {
        FileSet dir = FileSet.of(Map.of("a.txt", "alpha".getBytes(), "sub/b.bin", bytes(2500, 3), "empty", new byte[0]));
        FileName dirName = new FileName("app-1", "checkpoints/c-0/1");

        assertThat(this.<Manifest>await(d -> store.put(name, new byte[0], d)).ok()).isTrue();
        assertThat(this.<byte[]>await(d -> store.get(name, d)).value()).isEmpty();
        assertThat(this.<Manifest>await(d -> store.putFiles(dirName, dir, d)).ok()).isTrue();
        assertThat(this.<FileSet>await(d -> store.getFiles(dirName, d)).value()).isEqualTo(dir);
        FileResult<FileSet> wrongKind = this.<FileSet>await(d -> store.getFiles(name, d));
        assertThat(wrongKind.status()).isEqualTo(FileStatus.NOT_FOUND);
        assertThat(wrongKind.error()).isEqualTo("app-1:outputs/result.bin is a blob, not a directory");
    }

    @Test
    void files_areImmutable_butTheSameContentMayBeStoredAgain() {
        byte[] content = bytes(1500, 1);
        this.<Manifest>await(d -> store.put(name, content, d));
        long ops = dht.operations;

        FileResult<Manifest> again = this.<Manifest>await(d -> store.put(name, content, d));
        long repeatOps = dht.operations - ops;
        FileResult<Manifest> other = this.<Manifest>await(d -> store.put(name, bytes(1500, 2), d));

        assertThat(again.ok()).isTrue();
        assertThat(repeatOps).as("a repeated put reads index and manifest, writes nothing").isEqualTo(2);
        assertThat(other.status()).isEqualTo(FileStatus.EXISTS);
        assertThat(other.error()).startsWith("app-1:outputs/result.bin already holds another content");
        assertThat(this.<byte[]>await(d -> store.get(name, d)).value()).isEqualTo(content);
    }

    @Test
    void missingChunk_isAClearFailure() {
        Manifest m = this.<Manifest>await(d -> store.put(name, bytes(3500, 7), d)).value();
        dht.contents().remove(m.chunkKey(name.manifestKey(), 2));

        FileResult<byte[]> got = this.<byte[]>await(d -> store.get(name, d));

        assertThat(got.status()).isEqualTo(FileStatus.MISSING_CHUNK);
        assertThat(got.error()).isEqualTo("app-1:outputs/result.bin: chunk 2 of 4 is missing from the files DHT");
    }

    @Test
    void alteredChunk_isCorrupt() {
        Manifest m = this.<Manifest>await(d -> store.put(name, bytes(3500, 7), d)).value();
        Id chunk = m.chunkKey(name.manifestKey(), 1);
        dht.contents().put(chunk, bytes(1000, 99));
        FileResult<byte[]> sameLength = this.<byte[]>await(d -> store.get(name, d));
        dht.contents().put(chunk, bytes(10, 99));
        FileResult<byte[]> shorter = this.<byte[]>await(d -> store.get(name, d));

        assertThat(sameLength.status()).isEqualTo(FileStatus.CORRUPT);
        assertThat(sameLength.error()).startsWith("app-1:outputs/result.bin: content does not match the hash ");
        assertThat(shorter.error()).isEqualTo("app-1:outputs/result.bin: chunk 1 has 10 bytes, the manifest says 1000");
    }

    @Test
    void writerThatDiedHalfWay_leavesAnIncompleteFile_thatAnotherPutReplacesWithoutLeakingChunks() {
        byte[] first = bytes(5000, 1);
        Manifest firstManifest = Manifest.writing(Manifest.Kind.BLOB, first, 1000);
        Id deadChunk = firstManifest.chunkKey(name.manifestKey(), 3);
        dht.fault = k -> k.equals(deadChunk) ? DhtResult.Status.TIMEOUT : null;
        FileResult<Manifest> failed = this.<Manifest>await(d -> store.put(name, first, d));
        FileResult<byte[]> duringWrite = this.<byte[]>await(d -> store.get(name, d));
        dht.fault = k -> null;
        byte[] second = bytes(2000, 2);
        FileResult<Manifest> replaced = this.<Manifest>await(d -> store.put(name, second, d));

        assertThat(failed.status()).isEqualTo(FileStatus.UNAVAILABLE);
        assertThat(failed.error()).isEqualTo("app-1:outputs/result.bin: chunk 3 of 5: TIMEOUT injected");
        assertThat(duringWrite.status()).isEqualTo(FileStatus.INCOMPLETE);
        assertThat(replaced.ok()).isTrue();
        assertThat(this.<byte[]>await(d -> store.get(name, d)).value()).isEqualTo(second);
        for (int i = 0; i < 5; i++) {
            assertThat(dht.contents()).as("chunk %d of the dead write", i)
                    .doesNotContainKey(firstManifest.chunkKey(name.manifestKey(), i));
        }
        assertThat(dht.contents()).hasSize(1 + 2 + 1);
    }

    @Test
    void timeouts_areTriedAgain_upToTheAttempts() {
        Map<Id, Integer> failures = new HashMap<>();
        dht.fault = k -> failures.merge(k, 1, Integer::sum) <= 2 ? DhtResult.Status.TIMEOUT : null;
        FileResult<Manifest> twoTimeoutsEach = this.<Manifest>await(d -> store.put(name, bytes(2500, 1), d));
        dht.fault = k -> DhtResult.Status.UNAVAILABLE;
        FileResult<byte[]> always = this.<byte[]>await(d -> store.get(name, d));

        assertThat(twoTimeoutsEach.ok()).as(twoTimeoutsEach.error()).isTrue();
        assertThat(always.status()).isEqualTo(FileStatus.UNAVAILABLE);
        assertThat(always.error()).isEqualTo("app-1:outputs/result.bin: manifest: UNAVAILABLE injected");
    }

    @Test
    void parallelism_isBounded() {
        byte[] content = bytes(50_000, 5);
        FileResult<Manifest> put = this.<Manifest>await(d -> store.put(name, content, d));
        FileResult<byte[]> got = this.<byte[]>await(d -> store.get(name, d));

        assertThat(put.value().chunkCount()).isEqualTo(50);
        assertThat(got.value()).isEqualTo(content);
        assertThat(dht.maxInFlight).isEqualTo(4);
        assertThat(store.pendingOperations()).isZero();
    }

    @Test
    void tooLarge_isRefusedBeforeAnyWrite() {
        FileStore small = new FileStore(env, dht, new FileStoreConfig(1000, 4, 3, 1000, 4096));
        FileResult<Manifest> r = this.<Manifest>await(d -> small.put(name, new byte[4097], d));

        assertThat(r.status()).isEqualTo(FileStatus.TOO_LARGE);
        assertThat(r.error()).isEqualTo("app-1:outputs/result.bin has 4097 bytes, over the limit of 4096");
        assertThat(dht.operations).isZero();
    }

    @Test
    void remove_takesChunksManifestAndIndexEntry() {
        this.<Manifest>await(d -> store.put(name, bytes(3500, 7), d));
        FileName other = new FileName("app-1", "inputs/words.txt");
        this.<Manifest>await(d -> store.put(other, "w".getBytes(), d));

        FileResult<Void> removed = this.<Void>await(d -> store.remove(name, d));

        assertThat(removed.ok()).isTrue();
        assertThat(this.<byte[]>await(d -> store.get(name, d)).status()).isEqualTo(FileStatus.NOT_FOUND);
        assertThat(this.<List<String>>await(d -> store.list("app-1", d)).value()).containsExactly("inputs/words.txt");
        assertThat(dht.contents()).as("the other file (manifest + chunk) and the index").hasSize(3);
        assertThat(this.<Void>await(d -> store.remove(name, d)).status()).isEqualTo(FileStatus.NOT_FOUND);
    }

    @Test
    void removeApplication_removesEveryFileOfIt_andRefusesLaterWrites() {
        for (String p : List.of("inputs/a", "outputs/c-0.1", "checkpoints/c-0/3")) {
            this.<Manifest>await(d -> store.put(new FileName("app-1", p), bytes(1200, p.hashCode()), d));
        }
        FileName keep = new FileName("app-2", "inputs/a");
        this.<Manifest>await(d -> store.put(keep, bytes(1200, 4), d));

        FileResult<Integer> removed = this.<Integer>await(d -> store.removeApplication("app-1", d));
        FileResult<Manifest> late = this.<Manifest>await(d -> store.put(new FileName("app-1", "outputs/c-0.2"), bytes(10, 1), d));

        assertThat(removed.value()).isEqualTo(3);
        assertThat(late.status()).isEqualTo(FileStatus.REMOVED);
        assertThat(this.<List<String>>await(d -> store.list("app-1", d)).value()).isEmpty();
        assertThat(this.<byte[]>await(d -> store.get(keep, d)).ok()).isTrue();
        assertThat(dht.contents()).as("app-2's manifest, 2 chunks and index; app-1's closed index").hasSize(5);
    }
}
