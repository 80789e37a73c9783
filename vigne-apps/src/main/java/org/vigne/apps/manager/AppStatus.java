package org.vigne.apps.manager;

import java.util.List;

/**
 * An application's status as its manager knows it ({@code vigne status}), and its event log.
 *
 * @param appId          the application id
 * @param name           the spec's name
 * @param state          the lifecycle state
 * @param policy         the policy's type ({@code none}, {@code restart}, ...)
 * @param dataProtocol   the consistency protocol of its shared objects ({@code stat} or {@code dyn})
 * @param submittedAtMs  when the manager accepted it (manager clock)
 * @param finishedAtMs   when it reached a final state, or -1
 * @param reason         why it is pending (placing) or why it failed or was killed; else empty
 * @param restarts       restarts decided so far (component and application restarts, node losses included)
 * @param committedRound the last committed coordinated checkpoint round (0: none)
 * @param objectsFrom    the stored checkpoints holding the shared objects' values the current
 *                       epoch (the last restart) started from; empty when the objects started empty
 * @param removed        true once removed with its files
 * @param components     each component
 * @param eventsTotal    events logged so far (older ones may be dropped from {@code events})
 * @param events         the most recent events, oldest first
 */
public record AppStatus(String appId, String name, AppState state, String policy, String dataProtocol,
                        long submittedAtMs,
                        long finishedAtMs, String reason, int restarts, int committedRound,
                        List<String> objectsFrom, boolean removed,
                        List<ComponentStatus> components, long eventsTotal, List<ManagerEvent> events) {
    public AppStatus {
        objectsFrom = List.copyOf(objectsFrom);
        components = List.copyOf(components);
        events = List.copyOf(events);
    }
}
