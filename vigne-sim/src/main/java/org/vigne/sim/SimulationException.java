package org.vigne.sim;

/**
 * An exception escaped a simulated event. Its message names the event, the virtual time and the
 * run (configuration and seed, or the command that replays it); the original is the cause.
 */
public final class SimulationException extends RuntimeException {
    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
