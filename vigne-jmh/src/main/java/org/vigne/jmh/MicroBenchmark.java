package org.vigne.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every Vigne micro-benchmark inherits, so that their figures compare: time per
 * operation in nanoseconds, one state per thread, and a forked JVM with the serial collector, as
 * the {@code vigne} launcher runs nodes and simulations (G1's heavier write barrier measured about
 * 30% slower on the event heap). Command-line options ({@code -f}, {@code -wi}, {@code -i}) override them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
public abstract class MicroBenchmark {
}
