package org.vigne.sim.churn;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.vigne.sim.Durations;

/**
 * How long nodes stay up and down. {@code none}: nobody leaves; {@code gnutella}: heavy-tailed
 * (log-normal) sessions with a 60-minute median as Saroiu et al. measured for Gnutella in 2002,
 * and heavy-tailed down times; {@code exp:MEDIAN}: exponential sessions with that median, as in
 * Bamboo's experiments; {@code trace:FILE}: events replayed from a CSV file.
 */
public sealed interface ChurnModel {

    /** No churn at all. */
    record None() implements ChurnModel {
    }

    /** Sessions and down times drawn from distributions. */
    record Sessions(String name, Distribution session, Distribution downtime) implements ChurnModel {
    }

    /** Events replayed from a trace. */
    record Replay(ChurnTrace trace) implements ChurnModel {
    }

    /** A distribution of durations in milliseconds. */
    interface Distribution {
        long sampleMs(SplittableRandom r);
    }

    /** Log-normal with the given median and shape: heavy-tailed. */
    static Distribution logNormal(double medianMs, double sigma) {
        double mu = Math.log(medianMs);
        return r -> Math.max(1000, Math.round(Math.exp(mu + sigma * gaussian(r))));
    }

    /** Exponential with the given median (mean = median / ln 2). */
    static Distribution exponential(double medianMs) {
        double mean = medianMs / Math.log(2);
        return r -> Math.max(1, Math.round(-mean * Math.log(1 - r.nextDouble())));
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = 1 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** The Gnutella model: sessions log-normal, median 60 min; down times log-normal, median 2 h. */
    static ChurnModel gnutella() {
        return new Sessions("gnutella", logNormal(60 * 60_000.0, 1.5), logNormal(120 * 60_000.0, 1.5));
    }

    /** Parses {@code none}, {@code gnutella}, {@code exp:1.4m} or {@code trace:FILE}. */
    static ChurnModel parse(String spec) {
        if (spec.equals("none")) {
            return new None();
        }
        if (spec.equals("gnutella")) {
            return gnutella();
        }
        if (spec.startsWith("exp:")) {
            long median = Durations.parseMs(spec.substring(4));
            if (median <= 0) {
                throw new IllegalArgumentException("exp:MEDIAN needs a positive median, e.g. exp:1.4m");
            }
            return new Sessions(spec, exponential(median), exponential(median));
        }
        if (spec.startsWith("trace:")) {
            return new Replay(ChurnTrace.load(Path.of(spec.substring(6))));
        }
        throw new IllegalArgumentException("unknown churn model \"" + spec
                + "\": use none, gnutella, exp:MEDIAN (e.g. exp:1.4m) or trace:FILE");
    }
}
