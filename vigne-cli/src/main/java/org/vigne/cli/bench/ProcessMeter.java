package org.vigne.cli.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The CPU time this process used and the time its garbage collectors took, read at the start and
 * end of a phase. On a shared machine wall-clock throughput follows the other processes' load;
 * CPU time per operation follows mostly the system under test, so a phase reports both.
 *
 * @param cpuNanos CPU time of the whole process (every thread, user and system), -1 when unknown
 * @param gcMs collection time summed over the collectors
 */
record ProcessMeter(long cpuNanos, long gcMs) {
    /** The meter's reading now. */
    static ProcessMeter now() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        long gc = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, b.getCollectionTime());
        }
        return new ProcessMeter(cpu, gc);
    }

    /** What was used between {@code start} and this reading. */
    ProcessMeter since(ProcessMeter start) {
        return new ProcessMeter(cpuNanos < 0 || start.cpuNanos < 0 ? -1 : cpuNanos - start.cpuNanos, gcMs - start.gcMs);
    }
}
