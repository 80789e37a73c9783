package org.vigne.sim.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigne.apps.files.FileName;
import org.vigne.apps.files.FileResult;
import org.vigne.apps.files.FileSet;
import org.vigne.apps.files.FileStatus;
import org.vigne.apps.files.Manifest;
import org.vigne.core.Id;
import org.vigne.dht.DhtResult;
import org.vigne.sim.SimNode;

/**
 * The file store over the real DHT in the simulator: files written on one node are read whole on
 * another, survive the crash of two of the three holders of every one of their keys (and, once
 * repaired, two more), fail clearly when a chunk's three holders crash at once, and are all
 * removed with their application.
 */
class FileStoreScenariosTest {

    @Test
    void fileSurvivesTwoCrashesOfEachKeysHolders_twiceInARow() {
        FilesTestbed t = new FilesTestbed("fileSurvivesTwoCrashesOfEachKeysHolders_twiceInARow", 41, 48);
        FileName name = new FileName("app-7", "checkpoints/counter/3");
        FileSet files = FileSet.of(Map.of("state.bin", t.bytes(700_000), "meta/step", "3".getBytes()));
        SimNode writer = t.population.randomMember();
        FileResult<Manifest> put = t.await(writer, (s, d) -> s.putFiles(name, files, d));
        assertThat(put.ok()).as(t + ": put " + put.error()).isTrue();
        List<Id> keys = FilesTestbed.keysOf(name, put.value());

        List<String> rounds = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            Set<SimNode> victims = t.victims(keys, 2);
            for (Id k : keys) {
                assertThat(t.holders(k).stream().filter(victims::contains).count())
                        .as(t + ": holders of " + k.shortString() + " crashed in round " + round).isEqualTo(2);
            }
            for (SimNode v : victims) {
                t.population.crash(v);
            }
            t.run(5_000);
            SimNode reader = t.population.randomMember();
            FileResult<FileSet> got = t.await(reader, (s, d) -> s.getFiles(name, d));
            rounds.add("round " + round + ": " + victims.size() + " crashed, read " + got.status() + " " + got.error());
            assertThat(got.status()).as(t + ": " + rounds).isEqualTo(FileStatus.OK);
            assertThat(got.value()).as(t + ": content read back after round " + round).isEqualTo(files);
            t.run(120_000);
            for (Id k : keys) {
                assertThat(t.liveCopies(k)).as(t + ": live copies of " + k.shortString() + " two minutes after round "
                        + round).isGreaterThanOrEqualTo(3);
            }
        }
        assertThat(keys).as("manifest and 3 chunks of 256 KiB").hasSize(4);
    }

    @Test
    void chunkWhoseThreeHoldersCrashAtOnce_isReportedMissing_notHungOrWrong() {
        FilesTestbed t = new FilesTestbed("chunkWhoseThreeHoldersCrashAtOnce_isReportedMissing", 45, 40);
        FileName name = new FileName("app-8", "outputs/c-0.1");
        FileResult<Manifest> put = t.await(t.population.randomMember(), (s, d) -> s.put(name, t.bytes(600_000), d));
        Id chunk1 = put.value().chunkKey(name.manifestKey(), 1);
        List<SimNode> holders = t.holders(chunk1);
        if (holders.contains(t.oracle.root(name.manifestKey()))) {
            throw new IllegalStateException(t + ": pick another seed, the manifest shares a holder with chunk 1");
        }
        for (int other : new int[] {0, 2}) {
            if (holders.containsAll(t.holders(put.value().chunkKey(name.manifestKey(), other)))) {
                throw new IllegalStateException(t + ": pick another seed, chunk " + other + " has chunk 1's holders");
            }
        }
        for (SimNode h : holders) {
            t.population.crash(h);
        }
        t.run(30_000);
        FileResult<byte[]> got = t.await(t.population.randomMember(), (s, d) -> s.get(name, d));

        assertThat(got.status()).as(t + ": " + got.error()).isEqualTo(FileStatus.MISSING_CHUNK);
        assertThat(got.error()).isEqualTo("app-8:outputs/c-0.1: chunk 1 of 3 is missing from the files DHT");
    }

    @Test
    void removeApplication_removesTheFilesEveryNodeWrote_andConcurrentWritersAreAllIndexed() {
        FilesTestbed t = new FilesTestbed("removeApplication_removesTheFilesEveryNodeWrote", 47, 32);
        List<FileResult<Manifest>> puts = new ArrayList<>();
        List<FileName> names = new ArrayList<>();
        List<SimNode> writers = new ArrayList<>(t.population.members()).subList(0, 10);
        for (int i = 0; i < writers.size(); i++) {
            FileName n = new FileName("app-9", "outputs/c-" + i + ".1");
            names.add(n);
            FilesTestbed.store(writers.get(i)).put(n, t.bytes(300_000), puts::add);
        }
        FileName other = new FileName("app-10", "inputs/words.txt");
        FileResult<Manifest> kept = t.await(writers.get(0), (s, d) -> s.put(other, "vigne".getBytes(), d));
        t.run(60_000);
        FileResult<List<String>> listed = t.await(writers.get(3), (s, d) -> s.list("app-9", d));
        List<Id> keys = new ArrayList<>();
        for (FileName n : names) {
            FileResult<Manifest> m = t.await(writers.get(5), (s, d) -> s.stat(n, d));
            keys.addAll(FilesTestbed.keysOf(n, m.value()));
        }

        FileResult<Integer> removed = t.await(writers.get(7), (s, d) -> s.removeApplication("app-9", d));
        t.run(30_000);

        assertThat(puts).as(t + ": concurrent puts").hasSize(10).allMatch(r -> r.ok());
        assertThat(listed.value()).as(t + ": names indexed by 10 concurrent writers").hasSize(10);
        assertThat(removed.value()).as(t + ": files removed").isEqualTo(10);
        for (Id k : keys) {
            assertThat(t.dhtGet(writers.get(9), k).status()).as(t + ": " + k.shortString() + " after removal")
                    .isEqualTo(DhtResult.Status.NOT_FOUND);
        }
        FileResult<byte[]> otherApp = t.await(writers.get(2), (s, d) -> s.get(other, d));
        assertThat(otherApp.value()).as(t + ": another app's file").isEqualTo("vigne".getBytes());
        assertThat(kept.ok()).isTrue();
        FileResult<Manifest> late = t.await(writers.get(1), (s, d) -> s.put(names.get(0), new byte[10], d));
        assertThat(late.status()).as(t + ": a write after removal").isEqualTo(FileStatus.REMOVED);
    }
}
