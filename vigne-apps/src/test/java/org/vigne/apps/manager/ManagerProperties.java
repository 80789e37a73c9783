package org.vigne.apps.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.vigne.apps.spec.FaultPolicy;
import org.vigne.apps.spec.SpecCodec;
import org.vigne.gcs.Applied;
import org.vigne.gcs.GroupOutput;

/**
 * Random command histories against the manager: it never throws (every state move is legal), a
 * replica restored from a snapshot taken anywhere decides exactly as one that applied the whole
 * log, and no component completes twice or with an incarnation that was not current.
 */
class ManagerProperties {
    private static final long SEED = 4242;

    @Property(tries = 100, seed = "" + SEED)
    void aReplicaRestoredFromASnapshotDecidesLikeOneThatAppliedEverything(@ForAll long seed) {
        List<byte[]> log = history(seed, 80);
        int cut = new SplittableRandom(seed ^ 7).nextInt(log.size() + 1);
        ApplicationManager whole = new ApplicationManager(ApplicationManager.groupOf("app-1"), null);
        ApplicationManager late = new ApplicationManager(ApplicationManager.groupOf("app-1"), null);
        for (int i = 0; i < cut; i++) {
            whole.apply(i + 1, log.get(i));
        }
        late.restore(whole.snapshot());
        for (int i = cut; i < log.size(); i++) {
            Applied a = whole.apply(i + 1, log.get(i));
            Applied b = late.apply(i + 1, log.get(i));
            assertThat(b.result()).as("seed %d, command %d", seed, i).isEqualTo(a.result());
            assertThat(payloads(b.outputs())).as("seed %d, command %d", seed, i).isEqualTo(payloads(a.outputs()));
        }
        assertThat(late.snapshot()).as("seed %d", seed).isEqualTo(whole.snapshot());
    }

    @Property(tries = 100, seed = "" + SEED)
    void noComponentCompletesTwice_norWithAStaleIncarnation(@ForAll long seed) {
        Map<Integer, Integer> completed = new HashMap<>();
        Set<String> violations = new HashSet<>();
        int[] current = new int[4];
        ApplicationManager m = new ApplicationManager(ApplicationManager.groupOf("app-1"), new ManagerHooks() {
            @Override
            public void applied(ApplicationManager mgr, long index, ManagerCommand c, List<ManagerEvent> events) {
                for (ManagerEvent e : events) {
                    if (e.type() == ManagerEvent.Type.COMPLETED) {
                        if (!(c instanceof ManagerCommand.Ended end) || end.incarnation() != current[e.component()]) {
                            violations.add("c" + e.component() + " completed by a report of another incarnation: " + c);
                        }
                        if (completed.put(e.component(), e.incarnation()) != null) {
                            violations.add("c" + e.component() + " completed twice");
                        }
                        if (e.incarnation() != current[e.component()]) {
                            violations.add("c" + e.component() + " completed as stale incarnation " + e.incarnation());
                        }
                    }
                }
            }
        });
        List<byte[]> log = history(seed, 100);
        for (int i = 0; i < log.size(); i++) {
            for (ComponentStatus c : m.hasApplication() ? m.status().components() : List.<ComponentStatus>of()) {
                current[c.index()] = c.incarnation();
            }
            m.apply(i + 1, log.get(i));
        }
        assertThat(violations).as("seed %d", seed).isEmpty();
    }

    private static List<List<Byte>> payloads(List<GroupOutput> outs) {
        List<List<Byte>> out = new ArrayList<>();
        for (GroupOutput o : outs) {
            List<Byte> b = new ArrayList<>();
            for (byte x : o.payload()) {
                b.add(x);
            }
            b.add((byte) o.target().port());
            out.add(b);
        }
        return out;
    }

    /**
     * A plausible log: a submission, then commands about the current incarnations mostly, and
     * about stale or future ones sometimes, by a shadow replica that tracks what is current.
     */
    static List<byte[]> history(long seed, int length) {
        SplittableRandom r = new SplittableRandom(seed);
        FaultPolicy[] policies = {FaultPolicy.none(), Specs.restart(2, 100), Specs.checkpoints(FaultPolicy.Scope.COMPONENT),
            Specs.checkpoints(FaultPolicy.Scope.APPLICATION), Specs.custom(AbandonOddExits.class.getName())};
        int components = 1 + r.nextInt(4);
        List<byte[]> log = new ArrayList<>();
        ApplicationManager shadow = new ApplicationManager(ApplicationManager.groupOf("app-1"), null);
        long t = 1000;
        log.add(CommandCodec.encode(new ManagerCommand.Submit(t, "app-1",
                SpecCodec.encode(Specs.of(components, policies[r.nextInt(policies.length)])), new TreeMap<>(),
                Harness.node(0))));
        shadow.apply(1, log.get(0));
        int[] seq = new int[components];
        while (log.size() < length) {
            t += r.nextInt(5000);
            int c = r.nextInt(components);
            ComponentStatus cs = shadow.status().components().get(c);
            int inc = r.nextInt(10) == 0 ? Math.max(0, cs.incarnation() - 1) : cs.incarnation();
            int node = cs.node().isEmpty() || r.nextInt(10) == 0 ? 1 + r.nextInt(5)
                    : Integer.parseInt(cs.node().substring(7, cs.node().indexOf(':')));
            ManagerCommand cmd = switch (r.nextInt(9)) {
                case 0, 1 -> new ManagerCommand.Placed(t, c, inc, Harness.node(node));
                case 2 -> new ManagerCommand.Started(t, c, inc, Harness.node(node));
                case 3 -> new ManagerCommand.Checkpointed(t, c, inc, Harness.node(node), ++seq[c], "ck/" + c + "/" + seq[c]);
                case 4 -> new ManagerCommand.Ended(t, c, inc, Harness.node(node), EndKind.EXITED,
                        r.nextInt(3) == 0 ? 1 + r.nextInt(4) : 0, "", "out/" + c, "");
                case 5 -> new ManagerCommand.Suspect(t, c, inc, Harness.node(node), "test");
                case 6 -> new ManagerCommand.Unplaced(t, "no slot " + r.nextInt(3));
                case 7 -> r.nextInt(20) == 0 ? new ManagerCommand.Kill(t, "") : new ManagerCommand.Query(t);
                default -> new ManagerCommand.Ended(t, c, inc, Harness.node(node),
                        EndKind.values()[r.nextInt(EndKind.values().length)], r.nextInt(3), "x", "", "");
            };
            log.add(CommandCodec.encode(cmd));
            shadow.apply(log.size(), log.get(log.size() - 1));
        }
        return Arrays.asList(log.toArray(new byte[0][]));
    }
}
