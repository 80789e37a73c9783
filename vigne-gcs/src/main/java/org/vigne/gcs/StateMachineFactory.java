package org.vigne.gcs;

/** Makes the state machine of a new replica of a group of one kind (registered with {@link GcsService#registerKind}). */
@FunctionalInterface
public interface StateMachineFactory {
    /** A state machine in its initial state (or to be {@link GroupStateMachine#restore restored}) for {@code group}. */
    GroupStateMachine create(GroupId group);
}
