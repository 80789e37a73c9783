package org.vigne.sim;

import org.vigne.core.Env;
import org.vigne.core.ServiceStack;
import org.vigne.overlay.Overlay;

/** Builds the service stack of a simulated node each time it boots; experiments supply it. */
@FunctionalInterface
public interface NodeSetup {
    /** What a setup installed: the overlay, and whatever else the experiment needs to reach. */
    record Installed(Overlay overlay, Object services) {
    }

    Installed install(Env env, ServiceStack stack);
}
