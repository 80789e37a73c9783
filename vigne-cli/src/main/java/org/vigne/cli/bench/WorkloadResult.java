package org.vigne.cli.bench;

import java.util.List;

/** What one system did under the workload: its setup and the figures of every phase. */
public record WorkloadResult(String system, String setup, int valueBytes, int ops, List<PhaseResult> phases) {
}
