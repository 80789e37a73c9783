package org.vigne.cli;

import org.vigne.overlay.DetectorConfig;
import org.vigne.overlay.OverlayConfig;
import picocli.CommandLine.Option;

/**
 * The failure detector's tunables, for the commands that start nodes. A value that would switch
 * detection off (a period of zero or less, a target outside (0, 1)) is refused before any node
 * starts, with one line naming the option ({@link DetectorConfig}).
 */
final class DetectorOptions {
    private static final DetectorConfig D = DetectorConfig.defaults();

    @Option(names = "--heartbeat", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "each node tells its successor it is alive this often (default 1s)")
    long heartbeatMs = D.heartbeatMs();

    @Option(names = "--leaf-probe", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "silence before another leaf-set member is probed, a backstop (default 60s)")
    long leafProbeMs = D.leafProbeMs();

    @Option(names = "--table-probe-min", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "shortest self-tuned silence before a routing-table entry is probed (default 10s)")
    long tableProbeMinMs = D.tableProbeMinMs();

    @Option(names = "--table-probe-max", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "longest such silence, on a quiet ring (default 10m)")
    long tableProbeMaxMs = D.tableProbeMaxMs();

    @Option(names = "--dead-entry-target", paramLabel = "SHARE",
            description = "share of routing-table entries that may be dead, in (0, 1) (default 0.1)")
    double deadEntryTarget = D.deadEntryTarget();

    @Option(names = "--missed-probes", paramLabel = "N", description = "unanswered probes in a row before a node is dead (default 3)")
    int missedProbes = D.missedProbesToDeclareDead();

    /** The detector these options describe; throws IllegalArgumentException naming a bad option. */
    DetectorConfig config() {
        return new DetectorConfig(heartbeatMs, leafProbeMs, tableProbeMinMs, tableProbeMaxMs, deadEntryTarget, missedProbes);
    }

    /** The default overlay with this detector. */
    OverlayConfig overlay() {
        return OverlayConfig.defaults().withDetector(config());
    }
}
