package org.vigne.apps.spec;

import java.util.ArrayList;
import java.util.List;
import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.MalformedException;

/**
 * The compact, deterministic binary form of an {@link ApplicationSpec}, for log commands and DHT
 * values: a version byte, then every field in declaration order (varints, length-prefixed UTF-8,
 * maps sorted by key). Equal specs give identical bytes, so the replicas of a manager that
 * re-encode a spec agree byte for byte; a replicated template stays one template.
 *
 * <p>Decoding checks everything: malformed bytes, an unknown version, and a spec that would not
 * validate are refused with {@link MalformedException}.
 */
public final class SpecCodec {
    /** The encoding's version, first byte of every encoded spec. */
    public static final int VERSION = 1;

    private static final int REPLICATED = 0;
    private static final int LISTED = 1;
    private static final int NONE = 0;
    private static final int RESTART = 1;
    private static final int CHECKPOINT_RESTART = 2;
    private static final int CUSTOM = 3;

    private SpecCodec() {
    }

    public static byte[] encode(ApplicationSpec spec) {
        ByteWriter w = new ByteWriter(256);
        w.u8(VERSION).string(spec.name()).u8(spec.dataProtocol().ordinal());
        policy(w, spec.policy());
        if (spec.components() instanceof Components.Replicated r) {
            w.u8(REPLICATED).varInt(r.count());
            component(w, r.template());
        } else {
            List<ComponentSpec> list = ((Components.Listed) spec.components()).list();
            w.u8(LISTED).varInt(list.size());
            for (ComponentSpec c : list) {
                component(w, c);
            }
        }
        return w.toByteArray();
    }

    public static ApplicationSpec decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int version = r.u8();
        if (version != VERSION) {
            throw new MalformedException("spec encoding version " + version + ", this node reads " + VERSION);
        }
        try {
            String name = r.string();
            DataProtocol protocol = enumAt(DataProtocol.values(), r.u8(), "data protocol");
            FaultPolicy policy = policy(r);
            Components components;
            int tag = r.u8();
            if (tag == REPLICATED) {
                int count = r.varInt();
                components = new Components.Replicated(count, component(r));
            } else if (tag == LISTED) {
                int n = r.count();
                List<ComponentSpec> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(component(r));
                }
                components = new Components.Listed(list);
            } else {
                throw new MalformedException("unknown components tag " + tag);
            }
            r.end();
            return new ApplicationSpec(name, components, policy, protocol);
        } catch (SpecException e) {
            throw new MalformedException("encoded spec is invalid: " + e.getMessage());
        }
    }

    private static void policy(ByteWriter w, FaultPolicy p) {
        if (p instanceof FaultPolicy.None) {
            w.u8(NONE);
        } else if (p instanceof FaultPolicy.Restart r) {
            w.u8(RESTART).u8(r.scope().ordinal());
            limits(w, r.limits());
        } else if (p instanceof FaultPolicy.CheckpointRestart c) {
            w.u8(CHECKPOINT_RESTART).u8(c.checkpointExitCode()).u8(c.scope().ordinal());
            limits(w, c.limits());
        } else {
            FaultPolicy.Custom c = (FaultPolicy.Custom) p;
            w.u8(CUSTOM).string(c.className()).stringMap(c.parameters());
        }
    }

    private static FaultPolicy policy(ByteReader r) {
        int tag = r.u8();
        switch (tag) {
            case NONE:
                return FaultPolicy.none();
            case RESTART: {
                FaultPolicy.Scope scope = enumAt(FaultPolicy.Scope.values(), r.u8(), "scope");
                return new FaultPolicy.Restart(scope, limits(r));
            }
            case CHECKPOINT_RESTART: {
                int code = r.u8();
                FaultPolicy.Scope scope = enumAt(FaultPolicy.Scope.values(), r.u8(), "scope");
                return new FaultPolicy.CheckpointRestart(code, scope, limits(r));
            }
            case CUSTOM: {
                String className = r.string();
                return new FaultPolicy.Custom(className, r.stringMap());
            }
            default:
                throw new MalformedException("unknown policy tag " + tag);
        }
    }

    private static void limits(ByteWriter w, RestartLimits l) {
        w.varInt(l.maxRestarts()).varLong(l.backoffMs()).varLong(l.maxBackoffMs());
    }

    private static RestartLimits limits(ByteReader r) {
        int max = r.varInt();
        long backoff = r.varLong();
        return new RestartLimits(max, backoff, r.varLong());
    }

    private static void component(ByteWriter w, ComponentSpec c) {
        w.string(c.name()).strings(c.command()).stringMap(c.env()).varInt(c.inputs().size());
        for (InputFile in : c.inputs()) {
            w.string(in.source()).string(in.name());
        }
        w.strings(c.outputs()).varInt(c.slots());
    }

    private static ComponentSpec component(ByteReader r) {
        String name = r.string();
        List<String> command = r.strings();
        var env = r.stringMap();
        int n = r.count();
        List<InputFile> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String source = r.string();
            inputs.add(new InputFile(source, r.string()));
        }
        List<String> outputs = r.strings();
        return new ComponentSpec(name, command, env, inputs, outputs, r.varInt());
    }

    private static <E extends Enum<E>> E enumAt(E[] values, int ordinal, String what) {
        if (ordinal >= values.length) {
            throw new MalformedException("unknown " + what + " " + ordinal);
        }
        return values[ordinal];
    }
}
