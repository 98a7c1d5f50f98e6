package dev.rollback.env;

/**
 * One entry of a {@code .env} document: a comment or blank line kept as raw text, or an assignment split so that
 * its value can be replaced without touching the bytes around it.
 *
 * <p>{@code EnvEntry.assignment("export KEY=", 0, "v", "v", " # note", "\n").withValue("x y").text() // export KEY="x y" # note}
 *
 * <p>An assignment renders as {@code head + quote + rawValue + quote + tail + eol}; {@code head} runs up to the
 * opening quote (or the value), {@code tail} from after the closing quote to the end of the line. A quoted value
 * may span several physical lines; {@code rawValue} then holds the line breaks.
 */
final class EnvEntry {
    static final char UNQUOTED = 0;

    private final String text;
    private final String key;
    private final String value;
    private final String head;
    private final char quote;
    private final String rawValue;
    private final String tail;
    private final String eol;

    private EnvEntry(
            String text, String key, String value, String head, char quote, String rawValue, String tail, String eol) {
        this.text = text;
        this.key = key;
        this.value = value;
        this.head = head;
        this.quote = quote;
        this.rawValue = rawValue;
        this.tail = tail;
        this.eol = eol;
    }

    /** A comment, blank line or anything else kept verbatim ({@code text} includes its line break). */
    static EnvEntry verbatim(String text) {
        return new EnvEntry(text, null, null, null, UNQUOTED, null, null, null);
    }

    static EnvEntry assignment(String head, char quote, String rawValue, String value, String tail, String eol) {
        String q = quote == UNQUOTED ? "" : String.valueOf(quote);
        String text = head + q + rawValue + q + tail + eol;
        return new EnvEntry(text, key(head), value, head, quote, rawValue, tail, eol);
    }

    private static String key(String head) {
        String h = head.strip();
        if (h.startsWith("export") && h.length() > 6 && Character.isWhitespace(h.charAt(6))) {
            h = h.substring(6).strip();
        }
        int eq = h.indexOf('=');
        return h.substring(0, eq).strip();
    }

    boolean isAssignment() {
        return key != null;
    }

    String key() {
        return key;
    }

    String value() {
        return value;
    }

    String text() {
        return text;
    }

    String eol() {
        return eol == null ? lineBreakOf(text) : eol;
    }

    /** This entry with a new value, keeping head, tail and the quote style where the value allows it. */
    EnvEntry withValue(String newValue) {
        char style = quote;
        if (style == '\''
                && (newValue.indexOf('\'') >= 0 || newValue.indexOf('\n') >= 0 || newValue.indexOf('\r') >= 0)) {
            style = '"';
        }
        if (style == UNQUOTED && EnvQuoting.needsQuoting(newValue)) {
            style = '"';
        }
        String raw = style == '"' ? EnvQuoting.escapeDouble(newValue) : newValue;
        return assignment(head, style, raw, newValue, tail, eol);
    }

    /** This entry ending in {@code lineBreak} (used when the last line had none and a line is appended). */
    EnvEntry withLineBreak(String lineBreak) {
        if (!eol().isEmpty()) {
            return this;
        }
        if (isAssignment()) {
            return assignment(head, quote, rawValue, value, tail, lineBreak);
        }
        return verbatim(text + lineBreak);
    }

    private static String lineBreakOf(String text) {
        if (text.endsWith("\r\n")) {
            return "\r\n";
        }
        return text.endsWith("\n") ? "\n" : "";
    }
}
