package dev.rollback.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a restore did.
 *
 * <p>{@code r.safetyDump().ifPresent(p -> log.info("previous data kept in {}", p));}
 *
 * @param service the service name
 * @param bytes how many bytes of dump were applied
 * @param safetyDump where the data replaced by the restore was saved first (empty when disabled)
 * @param dropped what the restore removed that the dump did not have (databases, keys, queues...)
 * @param duration how long it took, the safety dump included
 */
public record RestoreResult(String service, long bytes, Optional<Path> safetyDump, List<String> dropped,
                            Duration duration) {
    public RestoreResult {
        dropped = List.copyOf(dropped);
    }
}
