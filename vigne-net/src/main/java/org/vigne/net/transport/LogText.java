package org.vigne.net.transport;

/**
 * Makes text a peer chose safe to put in a log line: control characters (a newline that would
 * start a forged line, an ANSI escape that would repaint the operator's terminal), Unicode line
 * and paragraph separators and bidirectional overrides are written as {@code \n}, {@code \x1b}
 * or {@code \u202e}; a backslash is doubled so an escape cannot be faked either; very long text
 * is cut. Everything else is kept as is.
 */
public final class LogText {
    /** Longest text kept; peer-provided strings in logs are names and addresses. */
    static final int MAX_CHARS = 300;

    private LogText() {
    }

    /** {@code value}'s text, escaped ({@code "null"} for null). */
    public static String safe(Object value) {
        String s = String.valueOf(value);
        StringBuilder out = null;
        int n = Math.min(s.length(), MAX_CHARS);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String esc = escape(c);
            if (esc != null && out == null) {
                out = new StringBuilder(n + 16).append(s, 0, i);
            }
            if (out != null) {
                if (esc != null) {
                    out.append(esc);
                } else {
                    out.append(c);
                }
            }
        }
        String kept = out != null ? out.toString() : s.substring(0, n);
        return s.length() > MAX_CHARS ? kept + "...(" + s.length() + " chars)" : kept;
    }

    private static String escape(char c) {
        switch (c) {
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        boolean unsafe = Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f';
        if (!unsafe) {
            return null;
        }
        return c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c);
    }
}
