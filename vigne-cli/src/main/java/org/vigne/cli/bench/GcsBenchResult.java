package org.vigne.cli.bench;

import java.util.List;
import org.vigne.net.groups.CounterState;

/**
 * What {@code vigne bench gcs} measured.
 *
 * @param system "vigne"
 * @param setup the grid and how it was called
 * @param ops commands per commit phase
 * @param groups groups of the many-group phases
 * @param loadAverageBefore the machine's one-minute load average when the benchmark started
 * @param loadAverageAfter the same when it ended
 * @param acked commands acknowledged to the one group (its creation included)
 * @param replicas the state of each replica of the one group after its phases
 * @param replicasAgree every replica of the one group applied exactly the acknowledged commands, in one history
 * @param phases the figures of each phase ({@code threads}: client threads, or operations in flight for a burst)
 */
public record GcsBenchResult(String system, String setup, int ops, int groups, double loadAverageBefore,
                             double loadAverageAfter, long acked, List<CounterState> replicas, boolean replicasAgree, List<PhaseResult> phases) {
}
