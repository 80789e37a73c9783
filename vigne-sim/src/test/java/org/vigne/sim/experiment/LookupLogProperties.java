package org.vigne.sim.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.vigne.core.Id;
import org.vigne.overlay.Overlay;
import org.vigne.overlay.OverlayConfig;
import org.vigne.overlay.OverlayMessage;
import org.vigne.sim.NetworkModel;
import org.vigne.sim.NodeSetup;
import org.vigne.sim.Oracle;
import org.vigne.sim.Population;
import org.vigne.sim.SimNode;
import org.vigne.sim.SimWorld;

/**
 * The log tallies each lookup once its timeout has passed and keeps only those in flight; its
 * summary must be the one of the whole log tallied at the end (the model below, the rule the log
 * had before), through crashes, restarts, late and repeated deliveries, and a ring that grows.
 * And it says rightly whether every lookup it still keeps has been delivered (a static run stops
 * waiting for its last lookups then).
 */
class LookupLogProperties {
    /** Long enough for over 1,024 lookups in flight at once (the ring then grows). */
    private static final long TIMEOUT_MS = 20_000;

    /** One lookup as the whole log kept it. */
    private static final class Kept {
        final SimNode issuer;
        final int incarnation;
        final long issuedMs;
        long deliveredMs = -1;
        int hops;
        boolean consistent;

        Kept(SimNode issuer, long issuedMs) {
            this.issuer = issuer;
            this.incarnation = issuer.incarnation();
            this.issuedMs = issuedMs;
        }
    }

    @Property(seed = "7126", tries = 150)
    void summaryIsTheWholeLogTalliedAtTheEnd(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4000) int steps,
                                             @ForAll boolean rareJumps) {
        SplittableRandom random = new SplittableRandom(seed);
        SimWorld world = new SimWorld(NetworkModel.wideArea(0), seed);
        Population population = new Population(world, new Oracle(), (env, stack) -> {
            Overlay overlay = new Overlay(env, OverlayConfig.defaults());
            stack.register(OverlayMessage.class, overlay);
            return new NodeSetup.Installed(overlay, null);
        });
        List<SimNode> nodes = new ArrayList<>();
        nodes.add(population.createRing());
        for (int i = 0; i < 4; i++) {
            SimNode n = world.newNode();
            population.bootAndJoin(n);
            nodes.add(n);
        }
        LookupLog log = new LookupLog(TIMEOUT_MS);
        List<Kept> model = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        long now = 0;
        int expiring = -1; // the lookup whose expiry the last jump aimed at
        long lastTally = Long.MIN_VALUE;
        for (int s = 0; s < steps; s++) {
            // Mostly a few ms; now and then to about one timeout after the last lookup, so that
            // deliveries and new lookups fall just before, at and just after its expiry.
            if (random.nextInt(rareJumps ? 5000 : 100) == 0 && !model.isEmpty()) {
                expiring = model.size() - 1;
                now = Math.max(now, model.get(expiring).issuedMs + TIMEOUT_MS + random.nextInt(3) - 1);
            } else if (random.nextInt(3) > 0) {
                now += random.nextInt(8);
            }
            world.sim().runUntil(now);
            int what = random.nextInt(200);
            SimNode n = nodes.get(random.nextInt(nodes.size()));
            if (what == 0) {
                population.crash(n);
            } else if (what < 20) {
                population.bootAndJoin(n);
            } else if (what < 110 && n.alive()) {
                log.tallyExpired(now);
                lastTally = now;
                ids.add(log.issued(n, Id.random(random), now));
                model.add(new Kept(n, now));
            } else if (!model.isEmpty()) {
                // A delivery of a recent lookup (sometimes after its timeout, sometimes again).
                int i = expiring >= 0 && random.nextBoolean() ? expiring
                        : model.size() - 1 - random.nextInt(Math.min(model.size(), 64));
                int hops = random.nextInt(7);
                boolean consistent = random.nextInt(5) != 0;
                log.delivered(ids.get(i), now, hops, consistent);
                Kept k = model.get(i);
                if (k.deliveredMs < 0) {
                    k.deliveredMs = now;
                    k.hops = hops;
                    k.consistent = consistent;
                }
            }
            if (s % 50 == 0 || s == steps - 1) {
                assertThat(log.allDelivered()).isEqualTo(allKeptDelivered(model, lastTally));
            }
        }
        world.sim().runUntil(now + TIMEOUT_MS + 1);

        long counted = 0;
        long delivered = 0;
        long consistent = 0;
        Stats hops = new Stats();
        Stats latency = new Stats();
        for (Kept k : model) {
            if (!k.issuer.aliveAt(k.incarnation, k.issuedMs + TIMEOUT_MS)) {
                continue;
            }
            counted++;
            if (k.deliveredMs >= 0 && k.deliveredMs - k.issuedMs <= TIMEOUT_MS) {
                delivered++;
                hops.add(k.hops);
                latency.add(k.deliveredMs - k.issuedMs);
                if (k.consistent) {
                    consistent++;
                }
            }
        }
        LookupLog.Summary summary = log.summarise();
        assertThat(log.size()).isEqualTo(model.size());
        assertThat(new long[] {summary.counted(), summary.delivered(), summary.consistent()})
                .containsExactly(counted, delivered, consistent);
        for (double q : new double[] {0, 0.5, 0.99, 1}) {
            assertThat(summary.hops().quantile(q)).isEqualTo(hops.quantile(q));
            assertThat(summary.latency().quantile(q)).isEqualTo(latency.quantile(q));
        }
        assertThat(summary.hops().mean()).isEqualTo(hops.mean());
        assertThat(summary.latency().mean()).isEqualTo(latency.mean());
        assertThat(summary.hops().count()).isEqualTo(hops.count());
    }

    /** Whether every lookup the log still keeps (not expired at its last tally) was delivered. */
    private static boolean allKeptDelivered(List<Kept> model, long lastTally) {
        for (Kept k : model) {
            if (k.issuedMs + TIMEOUT_MS >= lastTally && k.deliveredMs < 0) {
                return false;
            }
        }
        return true;
    }
}
