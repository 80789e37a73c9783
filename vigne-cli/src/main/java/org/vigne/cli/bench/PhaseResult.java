package org.vigne.cli.bench;

/**
 * The figures of one phase of the workload.
 *
 * @param op "put" or "get"
 * @param threads client threads
 * @param ops operations completed successfully
 * @param errors operations that failed or timed out
 * @param seconds wall time of the phase
 * @param opsPerSec successful operations per second
 * @param p50Us median latency in microseconds
 * @param p99Us 99th percentile latency in microseconds
 * @param cpuUsPerOp CPU time of the whole process during the phase (all threads, user and system)
 *     per successful operation, in microseconds; -1 when the JVM does not report it
 * @param gcMs time the garbage collectors took during the phase
 */
public record PhaseResult(String op, int threads, long ops, long errors, double seconds, double opsPerSec,
                          double p50Us, double p99Us, double cpuUsPerOp, long gcMs) {
}
