package dev.rollback.env;

import java.util.regex.Pattern;

/**
 * Quoting rules of {@code .env} values as docker compose reads them.
 *
 * <p>{@code EnvQuoting.escapeDouble("a \"b\" $c") // a \"b\" \$c}
 */
final class EnvQuoting {
    static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private EnvQuoting() {}

    /** Whether an unquoted value would be read back differently: whitespace, comments, quotes, {@code $}, escapes. */
    static boolean needsQuoting(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)
                    || Character.isISOControl(c)
                    || c == '#'
                    || c == '"'
                    || c == '\''
                    || c == '$'
                    || c == '\\') {
                return true;
            }
        }
        return false;
    }

    /** The text between double quotes that reads back as {@code value} ({@code $} escaped: no interpolation). */
    static String escapeDouble(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '$' -> out.append("\\$");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The value of text written between double quotes: {@code \n \r \t \\ \" \$ \'} decoded, others kept. */
    static String unescapeDouble(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 == raw.length()) {
                out.append(c);
                continue;
            }
            char next = raw.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '\\', '"', '$', '\'' -> out.append(next);
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }
}
