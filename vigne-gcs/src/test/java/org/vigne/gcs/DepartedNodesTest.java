package org.vigne.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;
import org.vigne.core.testing.ManualEnv;

/**
 * The departed nodes a node's groups never wait for answer like a plain model: a node declared
 * departed is remembered for half an hour, and forgotten at once when it is heard from again. The
 * real one skips the lookup for peers known not to have departed since they were last heard
 * ({@link LeasePeer#mayHaveDeparted}); the model has no such shortcut, so a peer wrongly skipped
 * (departed again after it was cleared, or first known after it departed) shows here.
 */
class DepartedNodesTest {
    private static final long MEMORY_MS = 30 * 60_000;
    private static final int NODES = 6;

    @Property(seed = "9431", tries = 400)
    void answersLikeAModel(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 9_999) Integer> ops) {
        ManualEnv env = new ManualEnv(new NodeHandle(Id.sha1("self"), "test", 1), 1);
        GcsContext ctx = new GcsContext(env, null, GcsConfig.defaults());
        List<NodeHandle> handles = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            // Two handle objects per node: the departure and the message may carry different ones.
            handles.add(new NodeHandle(Id.of(0, 0, i + 1), "10.0.0." + i, 4000));
            handles.add(new NodeHandle(Id.of(0, 0, i + 1), "10.0.0." + i, 4000));
        }
        Map<Id, Long> model = new HashMap<>();
        for (int op : ops) {
            NodeHandle h = handles.get(op % handles.size());
            switch (op / handles.size() % 4) {
                case 0 -> {
                    ctx.departed(h);
                    model.put(h.id(), env.nowMs() + MEMORY_MS);
                }
                case 1 -> {
                    ctx.heardFrom(h, 1);
                    model.remove(h.id());
                }
                case 2 -> ctx.leases.peer(h);
                default -> env.setNowMs(env.nowMs() + op * 1_000L);
            }
            for (NodeHandle n : handles) {
                Long until = model.get(n.id());
                boolean expected = until != null && until >= env.nowMs();
                assertThat(ctx.departed(n.id())).as("departed(%s) after %s", n.id(), ops).isEqualTo(expected);
            }
        }
    }
}
