package org.vigne.cli.bench;

import java.util.List;

/**
 * What one run of the counter application measured ({@code vigne bench objects --json}).
 *
 * @param protocol            the application's consistency protocol (stat or dyn)
 * @param components          components, each on a node of its own
 * @param incrementsEach      increments each component attempted
 * @param acknowledged        increments acknowledged to a component (a compare-and-set that succeeded)
 * @param unacknowledged      increments that ended in an error (they may or may not have taken effect)
 * @param finalValue          the counter's value once every component was done, as component 0 read it
 * @param finalsAgree         true when every component read the same final value
 * @param finals              the final value each component read, by component index
 * @param casPerSecond        acknowledged increments per second, over the slowest component's increment phase
 * @param incrementSeconds    the slowest component's increment phase
 * @param incrementP50Us      median latency of one increment (compare-and-set retries included)
 * @param incrementP99Us      99th percentile of the same
 * @param reads               reads timed, all components together (a valid local copy: nobody writes any more)
 * @param readP50Us           median latency of such a read through the Java client
 * @param readP99Us           99th percentile of the same
 */
public record CounterResult(String protocol, int components, int incrementsEach, long acknowledged, long unacknowledged,
                            long finalValue, boolean finalsAgree, List<Long> finals, double casPerSecond, double incrementSeconds,
                            double incrementP50Us, double incrementP99Us, int reads, double readP50Us, double readP99Us) {

    /** True when the counter holds exactly the acknowledged increments, as every component saw it. */
    public boolean consistent() {
        return finalsAgree && unacknowledged == 0 && finalValue == acknowledged;
    }
}
