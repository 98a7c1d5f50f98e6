package dev.rollback.validation.junit;

import dev.rollback.spi.DataSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared services' data as it was before the class's first test, kept by their engines (a template database,
 * shadow tables, dumped keys); a test parameter for tests that reset themselves.
 *
 * <p>{@code @Test void t(EnvironmentSnapshot snapshot) { ...; snapshot.reset(); }}
 */
public final class EnvironmentSnapshot implements AutoCloseable {
    private final Map<String, DataSnapshot> byService;
    private Duration lastReset = Duration.ZERO;

    EnvironmentSnapshot(Map<String, DataSnapshot> byService) {
        this.byService = new LinkedHashMap<>(byService);
    }

    /** The services snapshotted, in the order declared. */
    public List<String> services() {
        return List.copyOf(byService.keySet());
    }

    /** How long taking every service's snapshot took. */
    public Duration took() {
        return byService.values().stream().map(DataSnapshot::took).reduce(Duration.ZERO, Duration::plus);
    }

    /** Puts every service's data back to the snapshot; returns how long it took. */
    public Duration reset() {
        Duration total = Duration.ZERO;
        for (DataSnapshot s : byService.values()) {
            total = total.plus(s.reset());
        }
        lastReset = total;
        return total;
    }

    /** How long the last reset took. */
    public Duration lastReset() {
        return lastReset;
    }

    /** Removes what the snapshots keep on the servers; the data stays as it is. */
    @Override
    public void close() {
        List<RuntimeException> failed = new ArrayList<>();
        for (DataSnapshot s : byService.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                failed.add(e);
            }
        }
        if (!failed.isEmpty()) {
            RuntimeException first = failed.get(0);
            failed.subList(1, failed.size()).forEach(first::addSuppressed);
            throw first;
        }
    }
}
