package dev.rollback.plan;

import dev.rollback.events.RollbackListener;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a plan runs: who listens, which clock, which services steps may use. Immutable.
 *
 * <p>{@code RunSettings.ofDefaults().withListener(events::add).withService(ContainerRuntime.class, rt)}
 *
 * @param listener receives every event
 * @param clock the clock durations are measured with (tests pass a fixed or stepping one)
 * @param services services steps may look up by type (a container runtime, a secret store)
 */
public record RunSettings(RollbackListener listener, Clock clock, Map<Class<?>, Object> services) {

    public RunSettings {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        services = Map.copyOf(services);
    }

    public static RunSettings ofDefaults() {
        return new RunSettings(RollbackListener.NONE, Clock.systemUTC(), Map.of());
    }

    public RunSettings withListener(RollbackListener l) {
        return new RunSettings(l, clock, services);
    }

    public RunSettings withClock(Clock c) {
        return new RunSettings(listener, c, services);
    }

    public <T> RunSettings withService(Class<T> type, T service) {
        Map<Class<?>, Object> m = new LinkedHashMap<>(services);
        m.put(type, type.cast(service));
        return new RunSettings(listener, clock, m);
    }

    /** The service given for {@code type}, if any. */
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }
}
