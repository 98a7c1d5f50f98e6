package dev.rollback.docker;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * One inspection of a container, reduced to what a health wait decides on.
 *
 * <p>{@code ContainerHealth.of(client.inspectContainerCmd(id).exec(), Instant.now()).verdict(baseline)}
 *
 * @param id the container id
 * @param name the container name without the leading slash
 * @param status {@code created}, {@code running}, {@code restarting}, {@code exited}, {@code paused}, {@code dead}
 * @param health {@code starting}, {@code healthy}, {@code unhealthy}; empty when it has no healthcheck
 * @param startedAt the engine's {@code State.StartedAt}; empty when it never started
 * @param restartCount how often the engine restarted it by its restart policy
 * @param exitCode its last exit code
 * @param lastHealthOutput the newest healthcheck log entry's output, empty when none ran yet
 * @param inspectedAt when this inspection was answered (this host's clock)
 * @param check its healthcheck, empty when it has none
 */
record ContainerHealth(
        String id,
        String name,
        String status,
        Optional<String> health,
        Optional<Instant> startedAt,
        int restartCount,
        int exitCode,
        String lastHealthOutput,
        Instant inspectedAt,
        Optional<Check> check) {

    /**
     * The container's own healthcheck, as the engine runs it.
     *
     * @param command what to exec: {@code CMD} arguments as they are, {@code CMD-SHELL} under {@code /bin/sh -c}
     * @param interval how often the engine runs it
     * @param timeout how long one run may take
     */
    record Check(List<String> command, Duration interval, Duration timeout) {
        /** Docker's defaults when the healthcheck leaves them out: 30 s each. */
        static final Duration DEFAULT = Duration.ofSeconds(30);

        static Optional<Check> of(HealthCheck h) {
            List<String> test = h == null ? null : h.getTest();
            if (test == null || test.size() < 2) {
                return Optional.empty(); // none, or NONE
            }
            List<String> command = switch (test.get(0)) {
                case "CMD" -> List.copyOf(test.subList(1, test.size()));
                case "CMD-SHELL" -> List.of("/bin/sh", "-c", test.get(1));
                default -> null;
            };
            return Optional.ofNullable(command).map(c -> new Check(c, nanos(h.getInterval()), nanos(h.getTimeout())));
        }

        private static Duration nanos(Long n) {
            return n == null || n <= 0 ? DEFAULT : Duration.ofNanos(n);
        }
    }

    /** What the wait does next. */
    enum Verdict {
        WAIT,
        HEALTHY,
        UNHEALTHY,
        EXITED,
        RESTARTING
    }

    /** The first inspection of the container the wait tracks: later starts and restarts are measured against it. */
    record Baseline(String id, Optional<Instant> startedAt, int restartCount) {}

    static ContainerHealth of(InspectContainerResponse r, Instant inspectedAt) {
        InspectContainerResponse.ContainerState s = r.getState();
        HealthState h = s == null ? null : s.getHealth();
        String name = r.getName() == null ? r.getId() : r.getName().replaceFirst("^/", "");
        Long exit = s == null ? null : s.getExitCodeLong();
        return new ContainerHealth(
                r.getId(),
                name,
                s == null || s.getStatus() == null ? "unknown" : s.getStatus(),
                Optional.ofNullable(h).map(HealthState::getStatus).filter(v -> !v.isBlank() && !"none".equals(v)),
                s == null ? Optional.empty() : instant(s.getStartedAt()),
                r.getRestartCount() == null ? 0 : r.getRestartCount(),
                exit == null ? 0 : exit.intValue(),
                lastOutput(h),
                inspectedAt,
                r.getConfig() == null
                        ? Optional.empty()
                        : Check.of(r.getConfig().getHealthcheck()));
    }

    Baseline baseline() {
        return new Baseline(id, startedAt, restartCount);
    }

    /**
     * Healthy when the healthcheck says so (or running without one); failed when unhealthy, exited or dead,
     * restarting, or started again since {@code baseline}; otherwise wait.
     */
    Verdict verdict(Baseline baseline) {
        switch (status) {
            case "exited", "dead" -> {
                return Verdict.EXITED;
            }
            case "restarting" -> {
                return Verdict.RESTARTING;
            }
            default -> {
                // go on below
            }
        }
        boolean restartedSince = restartCount > baseline.restartCount()
                || baseline.startedAt().isPresent()
                        && startedAt.isPresent()
                        && startedAt.get().isAfter(baseline.startedAt().get());
        if (restartedSince) {
            return Verdict.RESTARTING;
        }
        if (health.isPresent()) {
            return switch (health.get()) {
                case "healthy" -> "running".equals(status) ? Verdict.HEALTHY : Verdict.WAIT;
                case "unhealthy" -> Verdict.UNHEALTHY;
                default -> Verdict.WAIT;
            };
        }
        return "running".equals(status) ? Verdict.HEALTHY : Verdict.WAIT;
    }

    /** The state as a progress line or an error shows it: {@code starting}, {@code exited (code 3)}, ... */
    String describe() {
        return switch (status) {
            case "running" -> health.orElse("running");
            case "exited", "dead" -> status + " (code " + exitCode + ")";
            case "restarting" -> "restarting (last exit code " + exitCode + ", restarted " + restartCount + " times)";
            default -> status;
        };
    }

    private static String lastOutput(HealthState h) {
        List<HealthStateLog> log = h == null ? null : h.getLog();
        if (log == null || log.isEmpty()) {
            return "";
        }
        String out = log.get(log.size() - 1).getOutput();
        return out == null ? "" : out.strip();
    }

    /** The engine's RFC 3339 time, or empty for its "never" ({@code 0001-01-01T00:00:00Z}). */
    static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank() || text.startsWith("0001-")) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
