package dev.rollback.docker;

import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a starting container's own healthcheck command itself, sooner and more often than the engine's interval,
 * so that a health wait ends when the service is ready rather than at the engine's next check (DevStack Core's
 * intervals are 10 to 60 s; the runbook's {@code sleep 300} waits for them). The same command, in the same
 * container, with the same timeout: only the timing differs. Probes run one at a time on one thread, after
 * 0.25 s, then 0.5, 1, 1.5, 2 s apart (never more often than half the engine's interval), so that a heavy check
 * (RabbitMQ's Erlang CLI) does not take the CPU the service needs to start. A container whose checks run every
 * {@value #MIN_INTERVAL_SECONDS} s or more often is left to the engine.
 *
 * <p>{@code try (ReadinessProbe p = new ReadinessProbe(exec, signals)) { p.watch("vault", health); }}
 */
final class ReadinessProbe implements AutoCloseable {
    /** Engine intervals up to this many seconds are short enough to wait for. */
    static final int MIN_INTERVAL_SECONDS = 3;

    private static final long[] DELAYS_MS = {250, 500, 1000, 1500, 2000};

    /** A probe's command succeeded in this container. */
    record Passed(String service, String containerId, Instant at) {}

    private final ContainerExec exec;
    private final BlockingQueue<Object> signals;
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rollback-readiness-probe");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> watched = new HashSet<>();

    ReadinessProbe(ContainerExec exec, BlockingQueue<Object> signals) {
        this.exec = exec;
        this.signals = signals;
    }

    /** Starts probing the container when it runs, is still starting and has a healthcheck with a long interval. */
    synchronized void watch(String service, ContainerHealth h) {
        if (!"running".equals(h.status())
                || !h.health().map("starting"::equals).orElse(false)
                || h.check().isEmpty()
                || h.check().get().interval().compareTo(Duration.ofSeconds(MIN_INTERVAL_SECONDS)) <= 0
                || !watched.add(h.id())) {
            return;
        }
        schedule(service, h.id(), h.check().get(), 0);
    }

    private void schedule(String service, String containerId, ContainerHealth.Check check, int attempt) {
        long cap = Math.max(DELAYS_MS[0], check.interval().toMillis() / 2);
        long delay = Math.min(DELAYS_MS[Math.min(attempt, DELAYS_MS.length - 1)], cap);
        try {
            runner.schedule(() -> probe(service, containerId, check, attempt), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the wait is over
        }
    }

    private void probe(String service, String containerId, ContainerHealth.Check check, int attempt) {
        ExecResult r;
        try {
            r = exec.run(
                    service,
                    containerId,
                    ExecRequest.of(check.command().toArray(String[]::new)).withTimeout(check.timeout()));
        } catch (RuntimeException e) {
            r = null; // gone, or not ready to exec yet: the events say what happened
        }
        if (r != null && r.succeeded()) {
            signals.add(new Passed(service, containerId, Instant.now()));
            return;
        }
        schedule(service, containerId, check, attempt + 1);
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
