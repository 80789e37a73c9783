package org.vigne.apps.spec;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One component of an application: a process to run on some node, what it needs, and what it
 * leaves behind. Immutable and validated on construction.
 *
 * @param name    optional name (empty: none), unique within a list of components
 * @param command the argv, run without a shell; the first element is the program
 * @param env     extra environment variables, sorted by name ({@code VIGNE_*} are reserved)
 * @param inputs  files shipped from the submitter's disk into the sandbox before start
 * @param outputs globs, relative to the sandbox, of the files collected when the component ends
 * @param slots   how many of a node's slots the component occupies (at least 1)
 */
public record ComponentSpec(String name, List<String> command, SortedMap<String, String> env, List<InputFile> inputs,
                            List<String> outputs, int slots) {
    /** Most slots one component may ask for. */
    public static final int MAX_SLOTS = 1024;
    /** Most argv elements, environment variables, inputs or outputs of one component. */
    public static final int MAX_ITEMS = 4096;

    public ComponentSpec {
        name = name == null ? "" : name;
        if (!name.isEmpty()) {
            Names.checkName("name", name);
        }
        command = List.copyOf(nonNull(command, "command"));
        if (command.isEmpty()) {
            throw new SpecException("command", "must not be empty (give the program and its arguments, e.g. [sh, run.sh])");
        }
        if (command.get(0).isEmpty()) {
            throw new SpecException("command[0]", "the program must not be empty");
        }
        for (int i = 0; i < command.size(); i++) {
            Names.checkText("command[" + i + "]", command.get(i));
        }
        env = Collections.unmodifiableSortedMap(new TreeMap<>(nonNull(env, "env")));
        for (Map.Entry<String, String> e : env.entrySet()) {
            Names.checkEnvName("env." + e.getKey(), e.getKey());
            Names.checkText("env." + e.getKey(), e.getValue());
        }
        inputs = List.copyOf(nonNull(inputs, "inputs"));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (!names.add(inputs.get(i).name())) {
                throw new SpecException("inputs[" + i + "]", "another input is already named \"" + inputs.get(i).name()
                        + "\" in the sandbox");
            }
        }
        outputs = List.copyOf(nonNull(outputs, "outputs"));
        for (int i = 0; i < outputs.size(); i++) {
            Names.checkGlob("outputs[" + i + "]", outputs.get(i));
        }
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new SpecException("slots", "must be between 1 and " + MAX_SLOTS + ", got " + slots);
        }
        checkCount("command", command.size());
        checkCount("env", env.size());
        checkCount("inputs", inputs.size());
        checkCount("outputs", outputs.size());
    }

    /** A component running {@code command} with nothing else: no env, inputs or outputs, one slot. */
    public static ComponentSpec of(List<String> command) {
        return new ComponentSpec("", command, new TreeMap<>(), List.of(), List.of(), 1);
    }

    /** This component under another name. */
    public ComponentSpec withName(String newName) {
        return new ComponentSpec(newName, command, env, inputs, outputs, slots);
    }

    private static void checkCount(String field, int count) {
        if (count > MAX_ITEMS) {
            throw new SpecException(field, "must have at most " + MAX_ITEMS + " entries, got " + count);
        }
    }

    private static <T> T nonNull(T value, String field) {
        if (value == null) {
            throw new SpecException(field, "must not be null");
        }
        return value;
    }
}
