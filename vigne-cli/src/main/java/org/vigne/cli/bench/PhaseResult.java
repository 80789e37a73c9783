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
 */
public record PhaseResult(String op, int threads, long ops, long errors, double seconds, double opsPerSec,
                          double p50Us, double p99Us) {
}
