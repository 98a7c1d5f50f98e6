package dev.rollback.env;

import java.util.List;

/**
 * An improvement phase whose files can be rolled back on their own.
 *
 * <p>{@code env.config().phases().get("phase-2").paths() // [scripts/backup-*.sh, configs/prometheus/, ...]}
 *
 * @param name the phase id
 * @param description what it covers
 * @param paths path patterns restored from the reference commit ({@code docs/}, {@code configs/*}{@code /performance/})
 * @param restart services to restart afterwards (empty: no restart needed)
 */
public record Phase(String name, String description, List<String> paths, List<String> restart) {
    public Phase {
        paths = List.copyOf(paths);
        restart = List.copyOf(restart);
    }
}
