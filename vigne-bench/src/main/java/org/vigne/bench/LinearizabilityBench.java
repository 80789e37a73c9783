package org.vigne.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vigne.sim.check.CheckReport;
import org.vigne.sim.check.LinearizabilityChecker;
import org.vigne.sim.check.ObjectResult;
import org.vigne.sim.check.Operation;

/**
 * How fast the linearizability checker goes on histories shaped like the paper's experiment
 * (Section 7): W writers and R readers on one shared object, L loops; in each loop the writers
 * write, then every reader reads. Latencies are random (1 to 50 ms); each operation takes effect
 * at a random instant of its interval, so outputs are those of a real register.
 *
 * <pre>
 * mvn -q -pl vigne-bench exec:java@lincheck -Dexec.args="--readers 400 --loops 1000"
 * </pre>
 * Options: {@code --readers} (400), {@code --writers} (1), {@code --loops} (1000), {@code --seed}
 * (1), {@code --shape} {@code phased} (a barrier between phases, as in the paper) or
 * {@code overlapped} (each loop's reads start with its writes, so a read sees the old value or the
 * new one), {@code --stale-read LOOP} (one read of that loop, 2 or more, returns a value written
 * two loops before: a violation to find; -1, none). Prints one JSON object.
 */
public final class LinearizabilityBench {
    private LinearizabilityBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = DhtVersusHazelcast.options(args);
        int readers = Integer.parseInt(opts.getOrDefault("--readers", "400"));
        int writers = Integer.parseInt(opts.getOrDefault("--writers", "1"));
        int loops = Integer.parseInt(opts.getOrDefault("--loops", "1000"));
        long seed = Long.parseLong(opts.getOrDefault("--seed", "1"));
        String shape = opts.getOrDefault("--shape", "phased");
        int staleLoop = Integer.parseInt(opts.getOrDefault("--stale-read", "-1"));
        if (!shape.equals("phased") && !shape.equals("overlapped")) {
            throw new IllegalArgumentException("--shape is phased or overlapped: " + shape);
        }
        if (staleLoop != -1 && (staleLoop < 2 || staleLoop >= loops)) {
            throw new IllegalArgumentException("--stale-read is -1 or a loop from 2 to loops - 1: " + staleLoop);
        }
        List<Operation> history = generate(readers, writers, loops, shape.equals("overlapped"), staleLoop, seed);

        // CPU time too: on a shared machine the wall clock also counts the time others ran.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        CheckReport report = new LinearizabilityChecker().check(history);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;

        ObjectResult r = report.objects().get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("readers", readers);
        out.put("writers", writers);
        out.put("loops", loops);
        out.put("shape", shape);
        out.put("staleRead", staleLoop);
        out.put("seed", seed);
        out.put("operations", history.size());
        out.put("verdict", r.verdict().name());
        out.put("steps", r.steps());
        out.put("explanation", r.explanation().stream().map(Operation::toString).toList());
        out.put("checkSeconds", seconds);
        out.put("checkCpuSeconds", cpuSeconds);
        out.put("opsPerSecond", history.size() / seconds);
        out.put("opsPerCpuSecond", history.size() / cpuSeconds);
        out.put("heapMiB", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }

    /** The history: per loop, writers' operations then readers', outputs from a register run at each one's instant. */
    static List<Operation> generate(int readers, int writers, int loops, boolean overlapped, int staleLoop, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<double[]> effects = new ArrayList<>();
        List<Operation> ops = new ArrayList<>();
        double t = 0;
        for (int loop = 0; loop < loops; loop++) {
            double writesEnd = t;
            for (int w = 0; w < writers; w++) {
                double call = t + rnd.nextInt(5);
                double ret = call + 1 + rnd.nextInt(50);
                ops.add(Operation.write("w" + w, "x", value(loop * writers + w), call, ret));
                effects.add(new double[] {call + rnd.nextDouble() * (ret - call), ops.size() - 1});
                writesEnd = Math.max(writesEnd, ret);
            }
            // Phased: reads start once the writes are acknowledged (the barrier). Overlapped: they
            // start with the writes, so they may see the old value or the new one.
            double readsStart = overlapped ? t : writesEnd;
            double readsEnd = readsStart;
            for (int r = 0; r < readers; r++) {
                double call = readsStart + rnd.nextInt(5);
                double ret = call + 1 + rnd.nextInt(50);
                ops.add(Operation.read("r" + r, "x", null, call, ret));
                effects.add(new double[] {call + rnd.nextDouble() * (ret - call), ops.size() - 1});
                readsEnd = Math.max(readsEnd, ret);
            }
            t = readsEnd + 1;
        }
        effects.sort(Comparator.comparingDouble((double[] e) -> e[0]));
        byte[] register = null;
        for (double[] e : effects) {
            int i = (int) e[1];
            Operation o = ops.get(i);
            if (o.kind() == Operation.Kind.WRITE) {
                register = o.input();
            } else {
                ops.set(i, Operation.read(o.process(), "x", register, o.callMs(), o.returnMs()));
            }
        }
        if (staleLoop >= 2) {
            // The last read of that loop returns a value of two loops before: stale whatever the shape.
            int i = (staleLoop + 1) * (writers + readers) - 1;
            Operation o = ops.get(i);
            ops.set(i, Operation.read(o.process(), "x", value((staleLoop - 2) * writers), o.callMs(), o.returnMs()));
        }
        ops.sort(Comparator.comparingDouble(Operation::callMs));
        return ops;
    }

    private static byte[] value(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }
}
