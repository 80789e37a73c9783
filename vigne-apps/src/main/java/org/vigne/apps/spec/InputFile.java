package org.vigne.apps.spec;

/**
 * A file shipped from the submitter's disk into a component's sandbox.
 *
 * @param source where the submitter reads it (relative paths are relative to the spec file)
 * @param name   its path inside the sandbox, relative; by default the last element of {@code source}
 */
public record InputFile(String source, String name) {
    public InputFile {
        if (source == null || source.isEmpty()) {
            throw new SpecException("from", "must not be empty");
        }
        Names.checkText("from", source);
        Names.checkRelativePath("as", name, "the name in the sandbox");
    }

    /** The input {@code source}, named in the sandbox after its last path element. */
    public static InputFile of(String source) {
        String s = source == null ? "" : source;
        int slash = s.lastIndexOf('/');
        String base = s.substring(slash + 1);
        if (base.isEmpty() || base.equals(".") || base.equals("..")) {
            throw new SpecException("", "the input " + Names.quote(source)
                    + " does not end with a file name: give it one with {from: ..., as: NAME}");
        }
        return new InputFile(s, base);
    }
}
