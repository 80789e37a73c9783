package org.vigne.sim;

/**
 * The simulated network: nodes sit at random points of a unit square; one-way latency grows with
 * distance from {@code minLatencyMs} to {@code maxLatencyMs}, plus jitter; messages are lost with
 * probability {@code loss} and, when switched on, duplicated. Jitter lets later messages overtake
 * earlier ones; switching it off keeps every pair FIFO.
 */
public final class NetworkModel {
    /** Uniform draws in [0, 1) for the decisions about one sender's messages. */
    public interface Draws {
        double networkDraw();
    }

    private static final double DIAGONAL = Math.sqrt(2);
    private final double minLatencyMs;
    private final double maxLatencyMs;
    private final double jitter;
    private final double loss;
    private final double duplication;

    /**
     * @param jitter      fraction of the base latency added at random (0 keeps pairs FIFO)
     * @param loss        probability a message is lost
     * @param duplication probability a delivered message is delivered a second time
     */
    public NetworkModel(double minLatencyMs, double maxLatencyMs, double jitter, double loss, double duplication) {
        if (loss < 0 || loss >= 1) {
            throw new IllegalArgumentException("loss must be in [0, 1), got " + loss);
        }
        if (duplication < 0 || duplication >= 1) {
            throw new IllegalArgumentException("duplication must be in [0, 1), got " + duplication);
        }
        this.minLatencyMs = minLatencyMs;
        this.maxLatencyMs = maxLatencyMs;
        this.jitter = jitter;
        this.loss = loss;
        this.duplication = duplication;
    }

    /** 5 to 150 ms with 10% jitter, the given loss, no duplication. */
    public static NetworkModel wideArea(double loss) {
        return wideArea(loss, 0, true);
    }

    /** 5 to 150 ms, the given loss and duplication; 10% jitter when {@code reordering}, else FIFO pairs. */
    public static NetworkModel wideArea(double loss, double duplication, boolean reordering) {
        return new NetworkModel(5, 150, reordering ? 0.1 : 0, loss, duplication);
    }

    /** The shortest delay of a message between two nodes, in whole milliseconds (the simulator's lookahead). */
    public long minDelayMs() {
        return Math.max(1, Math.round(minLatencyMs));
    }

    /** Base one-way latency between two points (no jitter). */
    public double baseLatencyMs(double x1, double y1, double x2, double y2) {
        double dx = x1 - x2;
        double dy = y1 - y2;
        double d = Math.sqrt(dx * dx + dy * dy) / DIAGONAL;
        return minLatencyMs + (maxLatencyMs - minLatencyMs) * d;
    }

    /** One-way delay of one message, with jitter drawn from {@code rnd}. */
    public long delayMs(double x1, double y1, double x2, double y2, Draws rnd) {
        double base = baseLatencyMs(x1, y1, x2, y2);
        if (jitter > 0) {
            base += base * jitter * rnd.networkDraw();
        }
        return Math.max(1, Math.round(base));
    }

    /** Whether this message is lost. */
    public boolean lost(Draws rnd) {
        return loss > 0 && rnd.networkDraw() < loss;
    }

    /** Whether this message is delivered twice. */
    public boolean duplicated(Draws rnd) {
        return duplication > 0 && rnd.networkDraw() < duplication;
    }
}
