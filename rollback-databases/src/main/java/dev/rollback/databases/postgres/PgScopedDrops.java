package dev.rollback.databases.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pg_dumpall 15 with {@code --clean --exclude-database X} still writes {@code DROP DATABASE IF EXISTS X;} in its
 * preamble (before the first {@code \connect}), so replaying a scoped dump would drop the very databases it left
 * out. {@link #outside} finds them, so a scoped restore can refuse such a dump before the server is touched.
 *
 * <p>{@code List<String> dropped = PgScopedDrops.outside(dump.open(), List.of("appdb"));}
 */
public final class PgScopedDrops {
    private static final Set<String> TEMPLATES = Set.of("template0", "template1");
    private static final Pattern DROP = Pattern.compile("^DROP DATABASE (?:IF EXISTS )?(\"(?:[^\"]|\"\")*\"|[^\\s;]+)");

    private PgScopedDrops() {}

    /** The database a preamble line drops, if it is a {@code DROP DATABASE} line. */
    static Optional<String> dropped(String line) {
        Matcher m = DROP.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        String id = m.group(1);
        return Optional.of(
                id.startsWith("\"") ? id.substring(1, id.length() - 1).replace("\"\"", "\"") : id);
    }

    /**
     * The databases outside {@code scope} that the dump's preamble drops; {@code template1}, which every pg_dumpall
     * dump drops and recreates as the cluster's template, does not count.
     */
    public static List<String> outside(InputStream dump, Collection<String> scope) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(dump, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null && !line.startsWith("\\connect"); ) {
                dropped(line)
                        .filter(db -> !scope.contains(db) && !TEMPLATES.contains(db))
                        .ifPresent(out::add);
            }
        }
        return out;
    }
}
