package org.vigne.apps.spec;

import java.util.regex.Pattern;

/**
 * The shapes of names and paths in a spec, and of the identifiers built from them. An application
 * id, a component name and a sandbox path end up as file names on the nodes, so they stay within
 * a safe alphabet and never climb out of their directory.
 */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}");
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern JAVA_CLASS = Pattern.compile(
            "[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    /** Environment variables the executor sets itself; a spec may not set them. */
    public static final String RESERVED_ENV_PREFIX = "VIGNE_";
    /** Longest relative path (input name, output glob, stored file name), in characters. */
    public static final int MAX_PATH_CHARS = 1024;

    private Names() {
    }

    /** An application or component name: 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'. */
    public static void checkName(String path, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SpecException(path, "must be 1 to 64 letters, digits, '.', '_' or '-' (not starting with '.' or '-'), got "
                    + quote(name));
        }
    }

    /** True when {@code id} is a valid application id (the name's alphabet, up to 128 characters). */
    public static boolean isAppId(String id) {
        return id != null && APP_ID.matcher(id).matches();
    }

    /** An application id, as carried by instance identities and file names. */
    public static String requireAppId(String id) {
        if (!isAppId(id)) {
            throw new IllegalArgumentException("an application id is 1 to 128 letters, digits, '.', '_' or '-'"
                    + " (not starting with '.' or '-'), got " + quote(id));
        }
        return id;
    }

    /** An environment variable name the spec may set. */
    public static void checkEnvName(String path, String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new SpecException(path, "is not an environment variable name (letters, digits and '_', not starting with a digit)");
        }
        if (name.startsWith(RESERVED_ENV_PREFIX)) {
            throw new SpecException(path, "names starting with " + RESERVED_ENV_PREFIX + " are set by Vigne itself");
        }
    }

    /** A fully qualified Java class name. */
    public static void checkClassName(String path, String name) {
        if (name == null || !JAVA_CLASS.matcher(name).matches()) {
            throw new SpecException(path, "must be a fully qualified Java class name, got " + quote(name));
        }
    }

    /**
     * A relative path inside a sandbox: '/'-separated, no empty, "." or ".." segment, no leading '/',
     * no NUL or backslash. {@code what} says what it is for the message.
     */
    public static void checkRelativePath(String path, String value, String what) {
        String problem = relativePathProblem(value);
        if (problem != null) {
            throw new SpecException(path, what + " " + problem + ", got " + quote(value));
        }
    }

    /** Why {@code value} is not a safe relative path, or null when it is one. */
    public static String relativePathProblem(String value) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (value.length() > MAX_PATH_CHARS) {
            return "must be at most " + MAX_PATH_CHARS + " characters";
        }
        if (value.indexOf('\0') >= 0 || value.indexOf('\\') >= 0) {
            return "must not contain NUL or '\\'";
        }
        if (unpairedSurrogate(value) >= 0) {
            return "must be valid Unicode text";
        }
        if (value.startsWith("/")) {
            return "must be relative (no leading '/')";
        }
        for (String segment : value.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "must not have empty, '.' or '..' segments";
            }
        }
        return null;
    }

    /** An output glob: a relative path whose brackets and braces balance. */
    public static void checkGlob(String path, String glob) {
        checkRelativePath(path, glob, "an output glob");
        int brackets = 0;
        int braces = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '[') {
                brackets++;
            } else if (c == ']') {
                brackets--;
            } else if (c == '{') {
                braces++;
            } else if (c == '}') {
                braces--;
            }
            if (brackets < 0 || braces < 0 || brackets > 1 || braces > 1) {
                break;
            }
        }
        if (brackets != 0 || braces != 0) {
            throw new SpecException(path, "unbalanced or nested '[' or '{' in the output glob " + quote(glob));
        }
    }

    /**
     * A string that can be passed to a process and encoded faithfully: no NUL (it would cut an
     * argument or a variable short) and no unpaired surrogate (it has no UTF-8 form).
     */
    public static void checkText(String path, String value) {
        if (value == null) {
            throw new SpecException(path, "must be a string");
        }
        if (value.indexOf('\0') >= 0) {
            throw new SpecException(path, "must not contain NUL");
        }
        int bad = unpairedSurrogate(value);
        if (bad >= 0) {
            throw new SpecException(path, "must be valid Unicode text (unpaired surrogate at character " + bad + ")");
        }
    }

    /** Index of the first surrogate char that is not half of a pair, or -1. */
    private static int unpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    static String quote(String s) {
        return s == null ? "nothing" : "\"" + s + "\"";
    }
}
