package org.vigne.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.vigne.core.Id;

/** The open-addressing index of replicas answers like a map of group ids, through growth and deletions. */
class ReplicaIndexTest {
    private record Item(GroupId group, int version) implements ReplicaIndex.Keyed {
        @Override
        public boolean is(String kind, Id key) {
            return group.kind().equals(kind) && group.key().equals(key);
        }
    }

    /** Few distinct hashes (keys differ in their low bits only) so probe runs collide, wrap and shift. */
    private static GroupId group(int n) {
        return new GroupId(n % 3 == 0 ? "a" : "b", Id.of(n % 5, n, n));
    }

    @Property(seed = "7165", tries = 300)
    void answersLikeAMap(@ForAll @Size(max = 400) List<@IntRange(min = -60, max = 60) Integer> ops) {
        ReplicaIndex<Item> index = new ReplicaIndex<>();
        Map<GroupId, Item> model = new HashMap<>();
        int version = 0;
        for (int op : ops) {
            GroupId g = group(Math.abs(op));
            if (op >= 0) {
                Item it = new Item(g, version++);
                index.put(it);
                model.put(g, it);
            } else {
                index.remove(g);
                model.remove(g);
            }
            assertThat(index.size()).isEqualTo(model.size());
        }
        for (int n = 0; n <= 60; n++) {
            assertThat(index.get(group(n))).isEqualTo(model.get(group(n)));
        }
    }
}
