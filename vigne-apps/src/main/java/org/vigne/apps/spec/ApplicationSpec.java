package org.vigne.apps.spec;

/**
 * What a user submits: a named application, its components, the fault-tolerance policy its
 * manager enforces, and the consistency protocol of its shared objects. Immutable and validated
 * on construction; read from YAML or JSON by {@link SpecReader}, carried in log commands by
 * {@link SpecCodec}.
 *
 * @param name         the application's name (1 to 64 letters, digits, '.', '_' or '-')
 * @param components   its components
 * @param policy       its fault-tolerance policy
 * @param dataProtocol the protocol of its shared objects (default {@link DataProtocol#DYN})
 */
public record ApplicationSpec(String name, Components components, FaultPolicy policy, DataProtocol dataProtocol) {
    public ApplicationSpec {
        Names.checkName("name", name);
        if (components == null) {
            throw new SpecException("components", "is required");
        }
        if (policy == null) {
            throw new SpecException("policy", "is required");
        }
        if (dataProtocol == null) {
            throw new SpecException("dataProtocol", "is required");
        }
    }

    /** The checkpoint exit code of a checkpoint-restart policy, 0 for any other policy. */
    public int checkpointExitCode() {
        return policy instanceof FaultPolicy.CheckpointRestart c ? c.checkpointExitCode() : 0;
    }
}
