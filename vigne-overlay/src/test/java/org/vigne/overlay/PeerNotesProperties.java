package org.vigne.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.vigne.core.Id;
import org.vigne.core.NodeHandle;

/**
 * The notes answer like a map by identity of an int and a long per peer, through growth, removals
 * that move the last note into the hole, the ints array allocated only for a first non-zero int,
 * and clearing; two peer records of one node are two keys. No lookup is misled by where the
 * previous one found its note.
 */
class PeerNotesProperties {
    private record Note(int i, long l) {
    }

    @Property(seed = "7191", tries = 200)
    void answersLikeAnIdentityMap(@ForAll @Size(max = 200) List<@IntRange(min = 0, max = 999) Integer> ops) {
        List<Peer> peers = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            // Pairs of records of the same node: notes are kept by record, not by id.
            peers.add(new Peer(new NodeHandle(Id.of(0, 0, n / 2), "10.0.0.1", 4000)));
        }
        PeerNotes notes = new PeerNotes();
        Map<Peer, Note> model = new IdentityHashMap<>();
        for (int op : ops) {
            Peer p = peers.get(op % peers.size());
            int what = op / peers.size() % 10;
            if (what < 6) {
                int i = what < 3 ? 0 : op * 31;
                long l = op * 1_000_003L - 5;
                notes.put(p, i, l);
                model.put(p, new Note(i, l));
            } else if (what < 9) {
                notes.remove(p);
                model.remove(p);
            } else if (op % 7 == 0) {
                notes.clear();
                model.clear();
            }
            assertThat(notes.size()).isEqualTo(model.size());
            for (Peer q : peers) {
                Note n = model.get(q);
                assertThat(notes.intOf(q, -7)).isEqualTo(n == null ? -7 : n.i());
                assertThat(notes.longOf(q, -9)).isEqualTo(n == null ? -9 : n.l());
            }
            Map<Peer, Boolean> listed = new IdentityHashMap<>();
            for (int k = 0; k < notes.size(); k++) {
                listed.put(notes.peer(k), true);
            }
            assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(model.keySet());
        }
    }
}
