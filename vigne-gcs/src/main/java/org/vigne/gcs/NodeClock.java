package org.vigne.gcs;

import org.vigne.core.Env;
import org.vigne.core.Timer;

/**
 * The node's one group clock (CockroachDB's per-node ticker), which only wakes the node on the
 * ticks that have work. While it runs, its ticks fall on a fixed grid, one every
 * {@link GcsConfig#tickMs()} from the instant it started, and are counted in
 * {@link GcsContext#tick}; a tick with nothing due (no replica queued, no heartbeat round, no lease
 * lapsing) changes nothing but that count, so the timer is set for the next tick that has work and
 * the ticks in between are counted when the node next handles anything ({@link #catchUp}). The
 * count is the one a timer firing every tick would give: a replica reads the same node tick
 * either way, and a run replays the same. At an instant shared by a tick and another event, the
 * tick counts first.
 */
final class NodeClock {
    private final Env env;
    private final GcsContext ctx;
    private final long tickMs;
    private final Runnable onTick;
    private final Runnable fire = this::fire;
    private final DueQueue due = new DueQueue();
    private Timer timer;
    /** While running: the instant of tick {@code ctx.tick + 1}, and the tick the timer is set for. */
    private long nextTickMs;
    private long wakeTick;

    NodeClock(GcsContext ctx, Runnable onTick) {
        this.env = ctx.env;
        this.ctx = ctx;
        this.tickMs = ctx.config.tickMs();
        this.onTick = onTick;
    }

    /** The last tick counted. */
    long ticks() {
        return ctx.tick;
    }

    /** The active replicas, each queued for the tick at which it next needs one. */
    DueQueue due() {
        return due;
    }

    /** The clock runs while a replica is queued on it, answers wait for a heartbeat tick, or leases must go out. */
    boolean needed() {
        return !due.isEmpty() || ctx.beats.holding() || ctx.leases.granting();
    }

    /**
     * The next tick with work: a queued replica's, the next heartbeat round while leases or answers
     * must go out, or the first heartbeat tick at which a watched node's lease may have lapsed; the
     * next tick itself when the clock is about to stop (a clock that ticked every period would stop
     * there).
     *
     * <p>Lapses wait for a heartbeat tick because a lease is renewed once a heartbeat period: the
     * tick at which each watched node could lapse moves one period on whenever its lease arrives,
     * and the nodes' periods fall in every phase, so a clock woken for each would wake at nearly
     * every tick for nothing (measured at 2,000 nodes with 10,000 groups: about 2 of the 4 ticks a second,
     * 11% of the run's events). The group events a node handles in between notice a lapse first.
     */
    long nextWorkTick() {
        long ticks = ctx.tick;
        if (!needed()) {
            return ticks + 1;
        }
        long hb = ctx.config.raft().heartbeatTicks();
        long next = Math.min(due.earliest(ticks), onGrid(ctx.leases.nextLapse(ctx.config.raft().electionTicks()), hb));
        if (ctx.beats.holding() || ctx.leases.granting()) {
            next = Math.min(next, (ticks / hb + 1) * hb);
        }
        return Math.max(next, ticks + 1);
    }

    /** The first heartbeat tick at or after {@code tick}: checks that can wait a little wait for one, when the node wakes anyway. */
    static long onGrid(long tick, long hb) {
        return tick == Long.MAX_VALUE ? tick : (tick + hb - 1) / hb * hb;
    }

    boolean running() {
        return timer != null;
    }

    /** Starts the clock if it is stopped: its next tick comes one period from now. */
    void start() {
        if (timer == null) {
            nextTickMs = env.nowMs() + tickMs;
            wakeTick = ctx.tick + 1;
            timer = env.schedule(tickMs, fire);
        }
    }

    /**
     * Before the node reads the clock for an event: counts the ticks that passed without work, and
     * runs the tick with work set for this very instant first.
     */
    void catchUp() {
        if (timer == null) {
            return;
        }
        long now = env.nowMs();
        if (now < nextTickMs) {
            return;
        }
        long passed = Math.min((now - nextTickMs) / tickMs + 1, wakeTick - 1 - ctx.tick);
        ctx.tick += passed;
        nextTickMs += passed * tickMs;
        if (ctx.tick + 1 == wakeTick && nextTickMs <= now) {
            timer.cancel();
            fire();
        }
    }

    /** The clock must fire at tick {@code tick} at the latest (never before the next tick). */
    void wakeBy(long tick) {
        if (timer == null || tick >= wakeTick) {
            return;
        }
        long at = Math.max(tick, ctx.tick + 1);
        if (at < wakeTick) {
            timer.cancel();
            wakeTick = at;
            timer = env.schedule(nextTickMs + (at - ctx.tick - 1) * tickMs - env.nowMs(), fire);
        }
    }

    /** From the tick being handled: the clock next fires at tick {@code tick} (later than this one). */
    void next(long tick) {
        if (timer != null) {
            timer.cancel();
        }
        wakeTick = tick;
        timer = env.schedule((tick - ctx.tick) * tickMs, fire);
    }

    private void fire() {
        ctx.counters.clockTicks++;
        timer = null;
        ctx.tick = wakeTick;
        nextTickMs = env.nowMs() + tickMs;
        onTick.run();
    }

    void stop() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
