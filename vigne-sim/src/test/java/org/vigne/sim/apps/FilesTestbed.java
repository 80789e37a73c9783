package org.vigne.sim.apps;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.vigne.apps.files.FileName;
import org.vigne.apps.files.FileResult;
import org.vigne.apps.files.FileStore;
import org.vigne.apps.files.FileStoreConfig;
import org.vigne.apps.files.Manifest;
import org.vigne.core.Id;
import org.vigne.dht.DhtConfig;
import org.vigne.dht.DhtResult;
import org.vigne.overlay.OverlayConfig;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;
import org.vigne.sim.Simulator;
import org.vigne.sim.experiment.Progress;
import org.vigne.sim.experiment.RingBuilder;

/**
 * A converged simulated ring of {@link AppsNode}s for file-store scenarios, with the oracle's view
 * of where a file's keys live. Everything derives from {@code (scenario, seed)}, printed by
 * {@link #toString()} in every assertion.
 */
final class FilesTestbed {
    final String scenario;
    final long seed;
    final SimWorld world;
    final Simulator sim;
    final Oracle oracle = new Oracle();
    final Population population;

    FilesTestbed(String scenario, long seed, int nodes) {
        this.scenario = scenario;
        this.seed = seed;
        this.world = new SimWorld(NetworkModel.wideArea(0), seed);
        this.sim = world.sim();
        this.population = new Population(world, oracle, AppsNode.setup(
                AppsNode.Setup.defaults(ProcessModel.uniform(60_000, 0), 1), AppsNode.Observers.NONE));
        if (!RingBuilder.build(population, nodes, 16, Progress.silent()).converged()) {
            throw new IllegalStateException(this + ": the ring did not converge");
        }
    }

    @Override
    public String toString() {
        return scenario + " (nodes " + population.memberCount() + ", seed " + seed + ")";
    }

    void run(long ms) {
        sim.runUntil(sim.nowMs() + ms);
    }

    static FileStore store(SimNode n) {
        return AppsNode.of(n).fileStore();
    }

    /** Runs one file-store operation from {@code n} and the simulation until it completes. */
    <T> FileResult<T> await(SimNode n, BiConsumer<FileStore, Consumer<FileResult<T>>> op) {
        List<FileResult<T>> out = new ArrayList<>();
        op.accept(store(n), out::add);
        long limit = sim.nowMs() + 10 * 60_000;
        while (out.isEmpty() && sim.nowMs() < limit) {
            run(100);
        }
        if (out.size() != 1) {
            throw new AssertionError(this + ": " + out.size() + " callbacks instead of one");
        }
        return out.get(0);
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        world.random().nextBytes(b);
        return b;
    }

    /** Every DHT key of a stored file: its manifest and its chunks. */
    static List<Id> keysOf(FileName name, Manifest m) {
        List<Id> keys = new ArrayList<>();
        keys.add(name.manifestKey());
        for (int i = 0; i < m.chunkCount(); i++) {
            keys.add(m.chunkKey(name.manifestKey(), i));
        }
        return keys;
    }

    /** The live nodes that hold a replica of {@code key} by the true ring (closest first). */
    List<SimNode> holders(Id key) {
        return oracle.closest(key, FileStoreConfig.DHT_REPLICAS);
    }

    /**
     * Nodes to crash at once so that each of {@code keys} loses {@code perKey} of its holders but
     * keeps at least one: chosen key by key, skipping a victim that would leave some key bare.
     */
    Set<SimNode> victims(List<Id> keys, int perKey) {
        Set<SimNode> chosen = new LinkedHashSet<>();
        for (Id key : keys) {
            int taken = 0;
            for (SimNode h : holders(key)) {
                if (taken == perKey) {
                    break;
                }
                if (chosen.contains(h)) {
                    taken++;
                    continue;
                }
                chosen.add(h);
                if (keys.stream().allMatch(k -> holders(k).stream().anyMatch(x -> !chosen.contains(x)))) {
                    taken++;
                } else {
                    chosen.remove(h);
                }
            }
        }
        return chosen;
    }

    /** Reads {@code key} straight from the files DHT, from {@code n}. */
    DhtResult dhtGet(SimNode n, Id key) {
        List<DhtResult> out = new ArrayList<>();
        AppsNode.of(n).files().get(key, out::add);
        while (out.isEmpty()) {
            run(100);
        }
        return out.get(0);
    }

    /** Live members holding a version of {@code key} in the files DHT (a value or a tombstone). */
    int liveCopies(Id key) {
        int n = 0;
        for (SimNode m : oracle.members()) {
            AppsNode a = AppsNode.of(m);
            if (a != null && a.files().localVersion(key) > 0) {
                n++;
            }
        }
        return n;
    }
}
