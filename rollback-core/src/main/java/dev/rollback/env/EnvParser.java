package dev.rollback.env;

import dev.rollback.errors.EnvironmentException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code .env} text into entries that render back to the exact input.
 *
 * <p>{@code List<EnvEntry> entries = EnvParser.parse("A=1\n# c\nB='x'\n", Path.of(".env"));}
 *
 * <p>Rules (docker compose's): {@code [export ]KEY=value}; a value in double quotes knows {@code \n \t \\ \" \$};
 * one in single quotes is literal; quoted values may span lines; in an unquoted value a {@code #} after
 * whitespace starts a comment and trailing whitespace is dropped.
 */
final class EnvParser {
    private final String text;
    private final Path origin;
    private int pos;
    private int line = 1;

    private EnvParser(String text, Path origin) {
        this.text = text;
        this.origin = origin;
    }

    static List<EnvEntry> parse(String text, Path origin) {
        return new EnvParser(text, origin).entries();
    }

    private List<EnvEntry> entries() {
        List<EnvEntry> entries = new ArrayList<>();
        while (pos < text.length()) {
            entries.add(next());
        }
        return entries;
    }

    private EnvEntry next() {
        int start = pos;
        int end = lineEnd(start);
        String eol = eolAt(end);
        String content = text.substring(start, end);
        String stripped = content.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) {
            advance(end, eol);
            return EnvEntry.verbatim(content + eol);
        }
        int eq = content.indexOf('=');
        if (eq < 0) {
            throw error("expected KEY=value, found a line without '='");
        }
        String key = content.substring(0, eq).strip();
        if (key.startsWith("export") && key.length() > 6 && Character.isWhitespace(key.charAt(6))) {
            key = key.substring(6).strip();
        }
        if (!EnvQuoting.KEY.matcher(key).matches()) {
            throw error(
                    "invalid key '" + key + "'; keys are letters, digits, '_', '.' and '-', not starting with a digit");
        }
        int valueStart = eq + 1;
        while (valueStart < content.length()
                && (content.charAt(valueStart) == ' ' || content.charAt(valueStart) == '\t')) {
            valueStart++;
        }
        String head = content.substring(0, valueStart);
        char first = valueStart < content.length() ? content.charAt(valueStart) : EnvEntry.UNQUOTED;
        if (first == '"' || first == '\'') {
            return quoted(head, first, start + valueStart + 1);
        }
        String rest = content.substring(valueStart);
        int valueEnd = commentStart(rest);
        String value = rest.substring(0, valueEnd).stripTrailing();
        advance(end, eol);
        return EnvEntry.assignment(head, EnvEntry.UNQUOTED, value, value, rest.substring(value.length()), eol);
    }

    private EnvEntry quoted(String head, char quote, int from) {
        int close = closingQuote(from, quote);
        if (close < 0) {
            throw error("unterminated " + (quote == '"' ? "double" : "single") + " quote");
        }
        String raw = text.substring(from, close);
        int end = lineEnd(close);
        String eol = eolAt(end);
        String tail = text.substring(close + 1, end);
        String afterQuote = tail.strip();
        line += (int) raw.chars().filter(c -> c == '\n').count();
        if (!afterQuote.isEmpty() && !afterQuote.startsWith("#")) {
            throw error("unexpected text after the closing quote: '" + afterQuote + "'");
        }
        advance(end, eol);
        String value = quote == '"' ? EnvQuoting.unescapeDouble(raw) : raw;
        return EnvEntry.assignment(head, quote, raw, value, tail, eol);
    }

    private int closingQuote(int from, char quote) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    /** Index in {@code rest} where an inline comment begins ({@code #} after whitespace), or its length. */
    private static int commentStart(String rest) {
        for (int i = 1; i < rest.length(); i++) {
            if (rest.charAt(i) == '#' && Character.isWhitespace(rest.charAt(i - 1))) {
                return i;
            }
        }
        return rest.length();
    }

    /** End of the physical line starting at or containing {@code from}, before its line break. */
    private int lineEnd(int from) {
        int nl = text.indexOf('\n', from);
        if (nl < 0) {
            return text.length();
        }
        return nl > from && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
    }

    private String eolAt(int end) {
        if (end >= text.length()) {
            return "";
        }
        return text.charAt(end) == '\r' ? "\r\n" : "\n";
    }

    private void advance(int end, String eol) {
        pos = end + eol.length();
        line++;
    }

    private EnvironmentException error(String message) {
        return new EnvironmentException(origin, line, message);
    }
}
