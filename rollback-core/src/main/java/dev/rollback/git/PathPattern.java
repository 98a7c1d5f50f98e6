package dev.rollback.git;

import dev.rollback.errors.UsageException;
import java.util.regex.Pattern;

/**
 * One path pattern of {@code git checkout <commit> -- <patterns>}, matched against file paths of a commit's tree.
 *
 * <p>{@code PathPattern.parse("configs/*}{@code /performance/").matches("configs/mysql/performance/my.cnf") // true}
 *
 * <p>A pattern without glob characters names a file or a directory (everything under it); a trailing slash
 * restricts it to directories. In a glob, {@code *} and {@code ?} stay within one path segment and {@code **}
 * spans any number of segments. A glob matches a file when it matches the file's path or one of its parent
 * directories (only the directories when it ends with a slash). {@code \} escapes the next character.
 * A lone {@code .} names the whole tree. Also what the advisor matches changed files against a phase's paths with.
 */
public final class PathPattern {
    private final String raw;
    private final Pattern regex;
    private final boolean directoryOnly;

    private PathPattern(String raw, Pattern regex, boolean directoryOnly) {
        this.raw = raw;
        this.regex = regex;
        this.directoryOnly = directoryOnly;
    }

    /** The pattern; a usage error naming it when it is empty or leaves the repository ({@code ..}). */
    public static PathPattern parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new UsageException("empty path pattern; pass a file, a directory or a glob relative to the "
                    + "repository root, such as docs/ or scripts/backup-*.sh");
        }
        String body = raw.strip();
        while (body.startsWith("./")) {
            body = body.substring(2);
        }
        while (body.startsWith("/")) {
            body = body.substring(1);
        }
        boolean directoryOnly = body.endsWith("/");
        while (body.endsWith("/")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isEmpty() || body.equals(".")) {
            return new PathPattern(raw, null, false);
        }
        for (String segment : body.split("/")) {
            if (segment.equals("..")) {
                throw new UsageException("path pattern '" + raw + "' leaves the repository (..); pass a path "
                        + "relative to the repository root");
            }
        }
        return new PathPattern(raw, Pattern.compile(toRegex(body)), directoryOnly);
    }

    /** The pattern as given. */
    public String raw() {
        return raw;
    }

    /** Whether the file at {@code path} (slash-separated, relative to the root) is selected. */
    public boolean matches(String path) {
        if (regex == null) {
            return true;
        }
        int slash = path.indexOf('/');
        while (slash >= 0) {
            if (regex.matcher(path.substring(0, slash)).matches()) {
                return true;
            }
            slash = path.indexOf('/', slash + 1);
        }
        return !directoryOnly && regex.matcher(path).matches();
    }

    private static String toRegex(String glob) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                out.append(Pattern.quote(String.valueOf(glob.charAt(i + 1))));
                i += 2;
            } else if (glob.startsWith("**/", i) && (i == 0 || glob.charAt(i - 1) == '/')) {
                out.append("(?:[^/]+/)*");
                i += 3;
            } else if (glob.startsWith("**", i)) {
                out.append(".*");
                i += 2;
            } else if (c == '*') {
                out.append("[^/]*");
                i++;
            } else if (c == '?') {
                out.append("[^/]");
                i++;
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return raw;
    }
}
