package org.vigne.net.groups;

import java.util.HashMap;
import java.util.Map;
import org.vigne.gcs.GroupId;
import org.vigne.gcs.GroupStateMachine;
import org.vigne.gcs.StateMachineFactory;

/**
 * The counter replicas one node hosts, by group: the factory the node registers for the kind
 * {@value #KIND}, kept so the control API and tests can read a replica's state. Used on the node's
 * event loop only, like the group service that calls it.
 */
public final class CounterGroups implements StateMachineFactory {
    /** The kind of group (and name of its DHT) the counters run under. */
    public static final String KIND = "counter";

    private final Map<GroupId, CounterMachine> machines = new HashMap<>();

    @Override
    public GroupStateMachine create(GroupId group) {
        CounterMachine[] self = new CounterMachine[1];
        self[0] = new CounterMachine(() -> machines.remove(group, self[0]));
        machines.put(group, self[0]);
        return self[0];
    }

    /** The state of this node's replica of {@code group}, or null when it hosts none. */
    public CounterState state(GroupId group) {
        CounterMachine m = machines.get(group);
        return m == null ? null : m.state();
    }
}
