package org.vigne.apps.manager;

/** A custom policy for tests: abandons a component that exits with an odd code, restarts it after 7 ms otherwise. */
public final class AbandonOddExits implements CustomPolicy {
    @Override
    public Decision decide(Failure f) {
        if (!"yes".equals(f.parameters().get("keep"))) {
            return new Decision.Fail("parameters not passed");
        }
        return f.exitCode() % 2 != 0 ? new Decision.Abandon("odd exit code " + f.exitCode())
                : new Decision.RestartComponent(false, 7);
    }
}
