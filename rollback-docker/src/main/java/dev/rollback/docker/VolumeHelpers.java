package dev.rollback.docker;

import dev.rollback.io.Sleeper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The labels of the helper containers that archive and restore volumes, and the sweep of those a killed process
 * left behind. Each helper names the process that made it ({@code dev.rollback.owner}: its pid, start time and host
 * name, so that a process in another container, with pids of its own, is never judged by this one's). A helper
 * whose owner is gone is a leftover: one that waits on a pipe nobody will read, or a stopped one, still holding its
 * volume (so {@code docker volume rm} and a restore of it would be refused). On an engine on this host,
 * {@link #sweep} removes those before the first volume operation of a process; helpers of a process still running,
 * of another host, or without an owner label, are left alone.
 *
 * <p>{@code engine.run(image, cmd, binds, VolumeHelpers.labels()); VolumeHelpers.sweep(engine);}
 */
final class VolumeHelpers {
    static final String HELPER = "dev.rollback.helper";
    static final String OWNER = "dev.rollback.owner";
    private static final String HOST = hostName();

    private VolumeHelpers() {}

    /** The labels of a helper made by this process. */
    static Map<String, String> labels() {
        return Map.of(HELPER, "volume", OWNER, owner(ProcessHandle.current()).orElse("unknown"));
    }

    /**
     * Removes the helpers whose owner process has ended; the names of those removed. Never fails. On an engine on
     * this host it runs beside a backup's first stream, over the engine's socket ({@link SocketCalls}).
     */
    static List<String> sweep(VolumeEngine engine) {
        List<String> removed = new ArrayList<>();
        try {
            for (VolumeEngine.Listed c : engine.list(HELPER, "volume")) {
                String owner = c.labels().get(OWNER);
                if (owner != null && !alive(owner) && remove(engine, c.id())) {
                    removed.add(c.name());
                }
            }
        } catch (RuntimeException e) {
            // the sweep is housekeeping; the operation it precedes reports the engine's errors itself
        }
        return removed;
    }

    /**
     * Removes a helper, running or not, and returns once the engine no longer has it: true then (removed meanwhile
     * counts as done), false when the engine still refused after {@link #REMOVAL}. A busy engine refuses a removal
     * now and then (the helper's kill, or another removal of it, still under way): a volume the helper mounts stays
     * in use until it is gone, so a removal, restore or replace of that volume waits for this.
     */
    static boolean remove(VolumeEngine engine, String id) {
        return retry(() -> engine.remove(id), REMOVAL, System::nanoTime, Sleeper.SYSTEM);
    }

    /** How long a helper's removal is asked again while the engine refuses it. */
    static final Duration REMOVAL = Duration.ofSeconds(30);

    /**
     * Asks until {@code done} answers true, pausing 50 ms, then twice as long up to 1 s, for at most {@code limit}
     * on {@code nanoClock}; whether it was done (false too when interrupted).
     *
     * <p>{@code VolumeHelpers.retry(() -> engine.remove(id), Duration.ofSeconds(30), System::nanoTime, Sleeper.SYSTEM)}
     */
    static boolean retry(BooleanSupplier done, Duration limit, LongSupplier nanoClock, Sleeper sleeper) {
        long deadline = nanoClock.getAsLong() + limit.toNanos();
        for (long pause = 50; ; pause = Math.min(1000, pause * 2)) {
            if (done.getAsBoolean()) {
                return true;
            }
            long left = deadline - nanoClock.getAsLong();
            if (left <= 0) {
                return false; // the engine refuses: the next sweep tries again
            }
            try {
                sleeper.sleep(Duration.ofMillis(Math.min(pause, Math.max(1, left / 1_000_000))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * {@code <pid>@<start time in ms>@<host name>} of a process of this host; empty when the system does not say
     * when it started or what this host is called.
     */
    static Optional<String> owner(ProcessHandle p) {
        return HOST.isEmpty()
                ? Optional.empty()
                : p.info().startInstant().map(t -> p.pid() + "@" + t.toEpochMilli() + "@" + HOST);
    }

    /** Whether the owner is alive, or not one this host can judge (another host's, or no owner of ours). */
    private static boolean alive(String owner) {
        String[] parts = owner.split("@", 3);
        if (parts.length != 3 || HOST.isEmpty() || !parts[2].equals(HOST)) {
            return true;
        }
        try {
            return ProcessHandle.of(Long.parseLong(parts[0]))
                    .flatMap(VolumeHelpers::owner)
                    .map(owner::equals)
                    .orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** This host's name as the kernel has it (its UTS namespace: a container has its own), or "" if unknown. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
