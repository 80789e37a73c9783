package org.vigne.net.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.vigne.apps.codec.ByteReader;
import org.vigne.apps.codec.ByteWriter;
import org.vigne.apps.codec.MalformedException;
import org.vigne.apps.files.FileSet;
import org.vigne.data.MasterValue;

/**
 * The shared objects' part of a checkpoint on a real node: the values of an application's objects
 * read through the consistency protocol when a component checkpointed, each with the epoch and
 * version it was read at. It travels inside the checkpoint's file set as the reserved file
 * {@value #PATH}, so it is stored, replicated and removed with the checkpoint and can never be
 * committed without it; the executor strips it before a restored checkpoint reaches a component.
 *
 * <p>A coordinated round holds one snapshot per component; {@link #merge} keeps, per object, the
 * value of the highest (epoch, version), which is the latest one the protocol had given out.
 */
public final class ObjectsSnapshot {
    /** The reserved path of the snapshot in a checkpoint's file set (a component's own file of that name is replaced). */
    public static final String PATH = ".vigne-objects";
    private static final int VERSION = 1;
    private static final ObjectsSnapshot EMPTY = new ObjectsSnapshot(new TreeMap<>());

    private final SortedMap<String, MasterValue> values;

    private ObjectsSnapshot(TreeMap<String, MasterValue> values) {
        this.values = Collections.unmodifiableSortedMap(values);
    }

    /** The snapshot holding {@code values} (by object name). */
    public static ObjectsSnapshot of(Map<String, MasterValue> values) {
        return values.isEmpty() ? EMPTY : new ObjectsSnapshot(new TreeMap<>(values));
    }

    public byte[] encode() {
        ByteWriter w = new ByteWriter(64).u8(VERSION).varInt(values.size());
        for (Map.Entry<String, MasterValue> e : values.entrySet()) {
            w.string(e.getKey()).varLong(e.getValue().epoch()).varLong(e.getValue().version()).bytes(e.getValue().value());
        }
        return w.toByteArray();
    }

    /** Reads what {@link #encode} wrote; throws {@link MalformedException} on anything else. */
    public static ObjectsSnapshot decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes);
        int version = r.u8();
        if (version != VERSION) {
            throw new MalformedException("objects snapshot version " + version + ", this node reads " + VERSION);
        }
        int n = r.count();
        TreeMap<String, MasterValue> values = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String name = r.string();
            values.put(name, new MasterValue(r.varLong(), r.varLong(), r.bytes()));
        }
        r.end();
        return new ObjectsSnapshot(values);
    }

    /** Per object, the value of the highest (epoch, version) among {@code snapshots}. */
    public static ObjectsSnapshot merge(List<ObjectsSnapshot> snapshots) {
        TreeMap<String, MasterValue> out = new TreeMap<>();
        for (ObjectsSnapshot s : snapshots) {
            s.values.forEach((name, v) -> out.merge(name, v, ObjectsSnapshot::later));
        }
        return new ObjectsSnapshot(out);
    }

    private static MasterValue later(MasterValue a, MasterValue b) {
        if (a.epoch() != b.epoch()) {
            return a.epoch() > b.epoch() ? a : b;
        }
        return a.version() >= b.version() ? a : b;
    }

    /** The objects' values by name, as an epoch starts from them. */
    public Map<String, byte[]> values() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        values.forEach((name, v) -> out.put(name, v.value()));
        return out;
    }

    /** {@code checkpoint} with this snapshot in it, at {@value #PATH}. */
    public FileSet addTo(FileSet checkpoint) {
        return checkpoint.with(PATH, encode());
    }

    /** The snapshot inside {@code checkpoint}, or null when it holds none (a checkpoint taken without the data service). */
    public static ObjectsSnapshot in(FileSet checkpoint) {
        byte[] b = checkpoint.get(PATH);
        return b == null ? null : decode(b);
    }

    /** {@code checkpoint} without its snapshot: what the component wrote. */
    public static FileSet strip(FileSet checkpoint) {
        return checkpoint.without(PATH);
    }
}
