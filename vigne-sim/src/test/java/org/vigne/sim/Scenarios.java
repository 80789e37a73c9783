package org.vigne.sim;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vigne.sim.experiment.OverlayExperiment;

/** Helpers shared by scenario tests: how to replay a configuration, and which figures are simulated. */
public final class Scenarios {
    /** Result fields measured on the wall clock or the JVM heap: they differ between identical runs. */
    static final Set<String> WALL_CLOCK = Set.of("wallSeconds", "convergeWallSeconds", "measureWallSeconds",
            "realTimeFactor", "eventsPerSecond", "heapMiB");

    private Scenarios() {
    }

    /** The Maven command that runs the test methods of {@code test} whose names start with {@code method}. */
    public static String replayTest(Class<?> test, String method) {
        return "replay: mvn -B -q -pl vigne-sim -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='"
                + test.getSimpleName() + "#" + method + "*'";
    }

    /** The command line that replays {@code c} exactly, for failure messages. */
    static String replay(OverlayExperiment.Config c) {
        return "replay with: " + c.replayCommand();
    }

    /** Every field of {@code r} except the wall-clock ones, by name, in declaration order. */
    static Map<String, Object> simulatedFigures(OverlayExperiment.Result r) {
        return simulatedFigures(r, WALL_CLOCK);
    }

    /** Every field of record {@code r} except those named in {@code skip}, by name, in declaration order. */
    public static Map<String, Object> simulatedFigures(Record r, Set<String> skip) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (!skip.contains(c.getName())) {
                try {
                    out.put(c.getName(), c.getAccessor().invoke(r));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    /** ceil(log16 n): the number of Pastry hops a lookup needs in a ring of n nodes, rounded up. */
    static int log16Ceil(int n) {
        int hops = 0;
        long reach = 1;
        while (reach < n) {
            reach *= 16;
            hops++;
        }
        return hops;
    }
}
