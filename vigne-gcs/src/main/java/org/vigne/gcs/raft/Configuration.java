package org.vigne.gcs.raft;

import java.util.ArrayList;
import java.util.List;
import org.vigne.core.Id;

/**
 * The voting members of a group. A configuration is in force on a replica as soon as its entry is
 * in the replica's log, committed or not (Raft dissertation, Sect. 4.1), and changes one member at
 * a time, so any majority of the old one and any majority of the new one intersect.
 */
public record Configuration(List<Member> voters) {
    public Configuration {
        voters = List.copyOf(voters);
    }

    public static Configuration of(List<Member> voters) {
        return new Configuration(voters);
    }

    /** Votes or acknowledgements that make a majority. */
    public int quorum() {
        return voters.size() / 2 + 1;
    }

    public boolean contains(Member m) {
        return voters.contains(m);
    }

    /** The member on node {@code node}, or null. */
    public Member memberOn(Id node) {
        for (Member m : voters) {
            if (m.node().id().equals(node)) {
                return m;
            }
        }
        return null;
    }

    /** The member with this id, or null. */
    public Member byId(long id) {
        for (Member m : voters) {
            if (m.id() == id) {
                return m;
            }
        }
        return null;
    }

    public Configuration with(Member m) {
        if (contains(m)) {
            return this;
        }
        List<Member> l = new ArrayList<>(voters);
        l.add(m);
        return new Configuration(l);
    }

    public Configuration without(Member m) {
        List<Member> l = new ArrayList<>(voters);
        l.remove(m);
        return new Configuration(l);
    }

    /** Wire bytes: a list length and the members. */
    public int sizeBytes() {
        return 4 + voters.size() * Member.WIRE_BYTES;
    }

    @Override
    public String toString() {
        return voters.toString();
    }
}
