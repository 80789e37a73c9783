package org.vigne.apps.manager;

/**
 * A user-defined fault-tolerance policy (paper, Sect. 5: "a policy specifically designed for the
 * application"). A spec names the implementing class with {@code policy: {type: custom, class:
 * ...}}; every node finds it with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.vigne.apps.manager.CustomPolicy} of a jar on the node's class path).
 *
 * <p><b>When and where.</b> {@link #decide} is called inside the application manager's state
 * machine, on every replica of the manager, once per failure of a component (a non-zero exit, a
 * failure to start, the loss of its node), in log order, on the node's event loop. A new instance
 * is made per manager replica with the public no-argument constructor.
 *
 * <p><b>Determinism.</b> Every replica must decide alike, so {@code decide} may depend only on
 * its argument: no clock, no randomness, no I/O, no state kept between calls (a replica restored
 * from a snapshot has a fresh instance; the history a policy needs is in the {@link Failure}). Every node must have the same class: a node that cannot load it
 * fails the application ("custom policy ... not found"), which differs from a node that can.
 *
 * <p><b>Exceptions.</b> An exception, or a null decision, fails the application with the
 * exception's message; the manager goes on.
 */
public interface CustomPolicy {
    /** What to do about {@code failure}. */
    Decision decide(Failure failure);
}
