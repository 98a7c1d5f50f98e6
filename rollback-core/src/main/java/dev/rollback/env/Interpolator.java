package dev.rollback.env;

import java.util.Map;
import java.util.Objects;

/**
 * Variable substitution in compose file values, as docker compose does it.
 *
 * <p>{@code new Interpolator(Map.of("A", "1")).interpolate("${A:-x}-${B:-${A}}-$$") // 1-1-$}
 *
 * <p>Forms: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}} (unset or empty), {@code ${VAR-default}}
 * (unset), {@code ${VAR:+alt}}, {@code ${VAR+alt}}, {@code ${VAR:?message}}, {@code ${VAR?message}} and
 * {@code $$} for a literal {@code $}. Defaults and alternatives may nest. An unset variable without default
 * becomes the empty string.
 */
final class Interpolator {
    private final Map<String, String> variables;

    Interpolator(Map<String, String> variables) {
        this.variables = Objects.requireNonNull(variables, "variables");
    }

    /** A malformed template or a required variable without a value; the message never holds a value. */
    static final class InterpolationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InterpolationException(String message) {
            super(message);
        }
    }

    String interpolate(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new InterpolationException(
                        "invalid interpolation format: a lone '$' at the end; write $$ for" + " a literal $");
            }
            char d = text.charAt(i + 1);
            if (d == '$') {
                out.append('$');
                i += 2;
            } else if (d == '{') {
                int end = closingBrace(text, i + 2);
                if (end < 0) {
                    throw new InterpolationException("invalid interpolation format: '${' without a closing '}'");
                }
                out.append(braced(text.substring(i + 2, end)));
                i = end + 1;
            } else if (isNameStart(d)) {
                int j = i + 1;
                while (j < text.length() && isNamePart(text.charAt(j))) {
                    j++;
                }
                out.append(variables.getOrDefault(text.substring(i + 1, j), ""));
                i = j;
            } else {
                throw new InterpolationException(
                        "invalid interpolation format: '$" + d + "'; write $$ for a literal $");
            }
        }
        return out.toString();
    }

    private String braced(String body) {
        int n = 0;
        while (n < body.length() && (n == 0 ? isNameStart(body.charAt(n)) : isNamePart(body.charAt(n)))) {
            n++;
        }
        if (n == 0) {
            throw new InterpolationException("invalid interpolation format: '${" + body + "}' names no variable");
        }
        String name = body.substring(0, n);
        String rest = body.substring(n);
        String value = variables.get(name);
        boolean set = value != null;
        boolean nonEmpty = set && !value.isEmpty();
        if (rest.isEmpty()) {
            return set ? value : "";
        }
        if (rest.startsWith(":-")) {
            return nonEmpty ? value : interpolate(rest.substring(2));
        }
        if (rest.startsWith("-")) {
            return set ? value : interpolate(rest.substring(1));
        }
        if (rest.startsWith(":+")) {
            return nonEmpty ? interpolate(rest.substring(2)) : "";
        }
        if (rest.startsWith("+")) {
            return set ? interpolate(rest.substring(1)) : "";
        }
        if (rest.startsWith(":?") || rest.startsWith("?")) {
            boolean ok = rest.startsWith(":?") ? nonEmpty : set;
            if (!ok) {
                String message = interpolate(rest.substring(rest.startsWith(":?") ? 2 : 1));
                throw new InterpolationException("required variable " + name + " is missing a value"
                        + (message.isEmpty() ? "" : ": " + message));
            }
            return value;
        }
        throw new InterpolationException("invalid interpolation format: '${" + body + "}'");
    }

    /** Index of the '}' closing a '${' whose body starts at {@code from}, honouring nested '${...}'. */
    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int j = from; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == '$' && j + 1 < text.length()) {
                char d = text.charAt(j + 1);
                if (d == '$') {
                    j++;
                    continue;
                }
                if (d == '{') {
                    depth++;
                    j++;
                    continue;
                }
            }
            if (c == '}' && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
