package dev.rollback.backup;

import dev.rollback.env.Environment;
import dev.rollback.env.HealthTimeouts;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Services stopped for a consistent copy of their volumes, started again on {@link #close()} whatever happened in
 * between, and waited for until healthy.
 *
 * <p>{@code try (ConsistentCopy c = ConsistentCopy.stop(env, rt, volumes, notes, listener)) { archive volumes }}
 */
final class ConsistentCopy implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private final Environment env;
    private final ContainerRuntime runtime;
    private final List<String> stopped;
    private final Consumer<String> notes;
    private final RollbackListener listener;

    private ConsistentCopy(
            Environment env,
            ContainerRuntime runtime,
            List<String> stopped,
            Consumer<String> notes,
            RollbackListener listener) {
        this.env = env;
        this.runtime = runtime;
        this.stopped = stopped;
        this.notes = notes;
        this.listener = listener;
    }

    /**
     * Stops the running services that mount any of {@code volumes}; {@code notes} is told what stops and starts,
     * {@code listener} the restarted services' states while they are waited for.
     */
    static ConsistentCopy stop(
            Environment env,
            ContainerRuntime runtime,
            List<String> volumes,
            Consumer<String> notes,
            RollbackListener listener) {
        Set<String> running = runtime.list(env).stream()
                .filter(c -> c.state().equals("running"))
                .map(ContainerStatus::service)
                .collect(Collectors.toSet());
        List<String> users = env.catalog().services().stream()
                .filter(s -> running.contains(s.name()) && s.volumes().stream().anyMatch(volumes::contains))
                .map(ServiceDefinition::name)
                .toList();
        if (!users.isEmpty()) {
            notes.accept("stopping " + String.join(", ", users) + " for a consistent copy of their volumes");
            runtime.stop(env, users, STOP_TIMEOUT);
        }
        return new ConsistentCopy(env, runtime, users, notes, listener);
    }

    /**
     * How long a service restarted after the copy may take to be healthy: {@code health_timeout} of rollback.yaml
     * when set (the operator's word, as for a service rollback), else the longer of a service rollback's default and
     * three times the service's expected start-up plus 30 s (a service that was running and only stopped).
     */
    static Duration restartTimeout(Environment env, ServiceDefinition s) {
        return HealthTimeouts.configured(env, s).orElseGet(() -> {
            Duration fromStartup = s.expectedStartup().multipliedBy(3).plusSeconds(30);
            Duration byKind = HealthTimeouts.of(env, s);
            return fromStartup.compareTo(byKind) > 0 ? fromStartup : byKind;
        });
    }

    /** The services this copy stopped (and starts again). */
    List<String> stopped() {
        return stopped;
    }

    @Override
    public void close() {
        if (stopped.isEmpty()) {
            return;
        }
        notes.accept("starting " + String.join(", ", stopped) + " again");
        try {
            runtime.start(env, stopped);
            Map<String, Duration> timeouts = new LinkedHashMap<>();
            for (String s : stopped) {
                timeouts.put(s, restartTimeout(env, env.catalog().require(s)));
            }
            runtime.awaitHealthy(env, timeouts, listener);
        } catch (RuntimeException e) {
            throw new RollbackException(
                    "services " + String.join(", ", stopped) + " were stopped for a consistent "
                            + "backup and did not come back healthy: " + e.getMessage()
                            + "; check them with: rollback status,"
                            + " and start them with: docker compose start " + String.join(" ", stopped),
                    e);
        }
        notes.accept(String.join(", ", stopped) + " healthy again");
    }
}
