package org.vigne.bench;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.vigne.cli.bench.KeyValueStore;

/**
 * Hazelcast's IMap under the same workload: N embedded members on loopback in this JVM, two
 * synchronous backups (three copies, as Vigne's r = 3), called from member 0 one blocking call at
 * a time per client thread, as Vigne's node 0 is called one operation at a time.
 */
final class HazelcastStore implements KeyValueStore {
    private static final String MAP = "bench";

    private final List<HazelcastInstance> members;
    private final IMap<String, byte[]> map;

    private HazelcastStore(List<HazelcastInstance> members) {
        this.members = members;
        this.map = members.get(0).getMap(MAP);
    }

    /**
     * Starts {@code n} members listening from {@code port} up and waits until the cluster is
     * formed and its partitions are safe.
     */
    static HazelcastStore start(int n, int port) {
        String cluster = "vigne-bench-" + UUID.randomUUID();
        List<HazelcastInstance> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(Hazelcast.newHazelcastInstance(config(cluster, port)));
        }
        HazelcastInstance first = members.get(0);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (first.getCluster().getMembers().size() < n || !first.getPartitionService().isClusterSafe()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the Hazelcast cluster did not form in 120 s");
            }
            LockSupport.parkNanos(50_000_000L);
        }
        return new HazelcastStore(members);
    }

    private static Config config(String cluster, int port) {
        Config c = new Config();
        c.setClusterName(cluster);
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        NetworkConfig net = c.getNetworkConfig();
        net.setPort(port).setPortAutoIncrement(true).setPortCount(100);
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
        c.getMapConfig(MAP).setBackupCount(2).setAsyncBackupCount(0);
        return c;
    }

    @Override
    public String system() {
        return "hazelcast";
    }

    @Override
    public String setup() {
        return members.size() + " embedded members on loopback in one JVM, IMap backup-count 2, calls through member 0";
    }

    /** The blocking API, Hazelcast's fastest path for one call at a time per thread. */
    @Override
    public CompletableFuture<?> put(String key, byte[] value) {
        map.set(key, value);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<byte[]> get(String key) {
        return CompletableFuture.completedFuture(map.get(key));
    }

    @Override
    public void close() {
        for (int i = members.size() - 1; i >= 0; i--) {
            members.get(i).getLifecycleService().terminate();
        }
    }
}
