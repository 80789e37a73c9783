package org.vigne.apps.spec;

/**
 * A spec that cannot be run, told in one line that names the field and the problem, e.g.
 * {@code components[2].command: must not be empty}. Thrown before anything is submitted, so a
 * user fixes the file and tries again.
 */
public final class SpecException extends IllegalArgumentException {
    private final String path;
    private final String problem;

    /** A problem with the field at {@code path} (empty for the whole spec). */
    public SpecException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** Where the problem is, as {@code components[2].command}; empty for the whole spec. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }

    /** The same problem, seen from the field that contains this one ({@code prefix} is its path). */
    public SpecException under(String prefix) {
        if (prefix.isEmpty()) {
            return this;
        }
        String p = path.isEmpty() ? prefix : path.startsWith("[") ? prefix + path : prefix + "." + path;
        return new SpecException(p, problem);
    }
}
