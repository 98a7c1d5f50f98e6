package dev.rollback.databases.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a restore did.
 *
 * <p>{@code r.safetyDump().ifPresent(p -> log.info("previous data kept in {}", p)); r.warnings().forEach(log::warn);}
 *
 * @param service the service name
 * @param bytes how many bytes of dump were applied
 * @param safetyDump where the data replaced by the restore was saved first (empty when disabled)
 * @param dropped what the restore removed that the dump did not have (databases, keys, queues...)
 * @param duration how long it took, the safety dump included
 * @param warnings what a successful restore wants known: objects the dump does not have that were kept (a merge),
 *                 data that existed and was replaced, sessions closed, objects recreated with their contents lost;
 *                 one line each, for the operator
 */
public record RestoreResult(
        String service,
        long bytes,
        Optional<Path> safetyDump,
        List<String> dropped,
        Duration duration,
        List<String> warnings) {
    public RestoreResult {
        dropped = List.copyOf(dropped);
        warnings = List.copyOf(warnings);
    }

    /** A restore without warnings. */
    public RestoreResult(
            String service, long bytes, Optional<Path> safetyDump, List<String> dropped, Duration duration) {
        this(service, bytes, safetyDump, dropped, duration, List.of());
    }

    /**
     * {@code what: a, b, c and 7 more}: a list of names cut to {@code max}, for a warning line.
     *
     * <p>{@code RestoreResult.names("kept databases the dump does not have", List.of("a", "b"), 10)}
     */
    public static String names(String what, List<String> names, int max) {
        StringBuilder b = new StringBuilder(what).append(": ");
        b.append(String.join(", ", names.subList(0, Math.min(max, names.size()))));
        if (names.size() > max) {
            b.append(" and ").append(names.size() - max).append(" more");
        }
        return b.toString();
    }
}
