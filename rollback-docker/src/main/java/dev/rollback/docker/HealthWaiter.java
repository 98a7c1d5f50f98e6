package dev.rollback.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.HealthTimeoutException;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.spi.HealthOutcome;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Waits for several services at once, driven by one subscription to the engine's container events: each event on a
 * waited-on service triggers one inspect of its container, and the inspect decides. No sleeps, no polling.
 *
 * <p>{@code new HealthWaiter(requests, streams, Duration.ofSeconds(5)).await(env, Map.of("db", ofSeconds(60)), NONE)}
 *
 * <p>The subscription starts (replaying the last two seconds of events) before the first inspect, so a change that
 * happens in between is not missed. The first failure ends the wait for every service. A starting container whose
 * engine checks are far apart also has its own healthcheck run sooner ({@link ReadinessProbe}): its success ends
 * the wait for it as the engine's next check would.
 */
final class HealthWaiter {
    static final List<String> EVENTS =
            List.of("create", "start", "restart", "die", "oom", "health_status", "destroy", "pause", "unpause");
    private static final Duration REPLAY = Duration.ofSeconds(2);

    private final DockerClient requests;
    private final DockerClient streams;
    private final Duration subscribeTimeout;
    private ReadinessProbe probes;

    HealthWaiter(DockerClient requests, DockerClient streams, Duration subscribeTimeout) {
        this.requests = requests;
        this.streams = streams;
        this.subscribeTimeout = subscribeTimeout;
    }

    /** One waited-on service. */
    private static final class Watch {
        final String service;
        final Duration timeout;
        final long deadline;
        ContainerHealth.Baseline baseline;
        ContainerHealth last;
        String containerId;
        String lastReported = "";

        Watch(String service, Duration timeout, long deadline, String containerId) {
            this.service = service;
            this.timeout = timeout;
            this.deadline = deadline;
            this.containerId = containerId;
        }
    }

    Map<String, HealthOutcome> await(Environment env, Map<String, Duration> timeouts, RollbackListener progress) {
        long begin = System.nanoTime();
        if (timeouts.isEmpty()) {
            return Map.of();
        }
        ServiceContainers containers = new ServiceContainers(requests);
        Map<String, List<ServiceContainers.Found>> found = containers.require(env, List.copyOf(timeouts.keySet()));
        Map<String, Watch> pending = new LinkedHashMap<>();
        timeouts.forEach((service, timeout) -> {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new RollbackException(
                        "the health timeout of service '" + service + "' must be positive, not " + timeout);
            }
            pending.put(
                    service,
                    new Watch(
                            service,
                            timeout,
                            begin + timeout.toNanos(),
                            found.get(service).get(0).id()));
        });
        Map<String, HealthOutcome> done = new HashMap<>();
        BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        Map<String, Instant> healthyEvents = new HashMap<>();
        try (Subscription events = subscribe(env.projectName(), signals);
                ReadinessProbe probes = new ReadinessProbe(new ContainerExec(requests, streams), signals)) {
            this.probes = probes;
            for (Watch w : pending.values()) {
                check(env, w, begin, progress, healthyEvents, done, containers);
            }
            pending.keySet().removeAll(done.keySet());
            while (!pending.isEmpty()) {
                Watch next = pending.values().stream()
                        .min((a, b) -> Long.compare(a.deadline, b.deadline))
                        .orElseThrow();
                long left = next.deadline - System.nanoTime();
                if (left <= 0) {
                    throw timedOut(env, next, begin, containers);
                }
                Object signal = signals.poll(left, TimeUnit.NANOSECONDS);
                if (signal instanceof Event e) {
                    String service = serviceOf(e);
                    Watch w = pending.get(service);
                    if (isHealthy(e)) {
                        healthyEvents.put(e.getId(), eventTime(e));
                    }
                    if (w != null) {
                        check(env, w, begin, progress, healthyEvents, done, containers);
                        if (done.containsKey(service)) {
                            pending.remove(service);
                        }
                    }
                } else if (signal instanceof ReadinessProbe.Passed p) {
                    Watch w = pending.get(p.service());
                    if (w != null && p.containerId().equals(w.containerId)) {
                        probed(env, w, p, begin, progress, done, containers);
                        if (done.containsKey(p.service())) {
                            pending.remove(p.service());
                        }
                    }
                } else if (signal instanceof Throwable t) {
                    throw new RollbackException(
                            "the Docker engine's event stream failed while waiting for "
                                    + String.join(", ", pending.keySet()) + ": " + EngineCalls.firstLine(t.getMessage())
                                    + "; "
                                    + EngineCalls.START_ENGINE,
                            t);
                } else if (signal == Subscription.ENDED) {
                    throw new RollbackException("the Docker engine closed its event stream while waiting for "
                            + String.join(", ", pending.keySet()) + "; " + EngineCalls.START_ENGINE);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RollbackException(
                    "interrupted while waiting for " + String.join(", ", timeouts.keySet()) + " to become healthy", e);
        }
        Map<String, HealthOutcome> ordered = new LinkedHashMap<>();
        timeouts.keySet().forEach(s -> ordered.put(s, done.get(s)));
        return ordered;
    }

    /** Inspects the watched container and acts on what it shows. */
    private void check(
            Environment env,
            Watch w,
            long begin,
            RollbackListener progress,
            Map<String, Instant> healthyEvents,
            Map<String, HealthOutcome> done,
            ServiceContainers containers) {
        Optional<ContainerHealth> seen = inspect(w, env, containers);
        Duration waited = Duration.ofNanos(System.nanoTime() - begin);
        if (seen.isEmpty()) {
            report(w, "no container", waited, progress);
            return; // removed: a create event brings the next one
        }
        ContainerHealth h = seen.get();
        w.last = h;
        if (w.baseline == null
                || !w.baseline.id().equals(h.id())
                || w.baseline.startedAt().isEmpty()) {
            w.baseline = h.baseline();
        }
        report(w, h.describe(), waited, progress);
        String c = h.name();
        switch (h.verdict(w.baseline)) {
            case HEALTHY -> {
                Instant started = h.startedAt().orElse(h.inspectedAt());
                Instant healthy = h.health().isEmpty()
                        ? started
                        : Optional.ofNullable(healthyEvents.get(h.id()))
                                .filter(t -> !t.isBefore(started))
                                .orElse(h.inspectedAt());
                done.put(w.service, new HealthOutcome(w.service, started, healthy, waited));
            }
            case UNHEALTHY ->
                throw new HealthTimeoutException(
                        w.service,
                        h.describe(),
                        h.lastHealthOutput(),
                        waited,
                        "its healthcheck fails; see docker inspect --format '{{json .State.Health}}' " + c
                                + " and docker logs " + c);
            case EXITED ->
                throw new HealthTimeoutException(
                        w.service,
                        h.describe(),
                        h.lastHealthOutput(),
                        waited,
                        "it exited while being waited on; see why: docker logs " + c);
            case RESTARTING ->
                throw new HealthTimeoutException(
                        w.service,
                        "restart loop: " + h.describe(),
                        h.lastHealthOutput(),
                        waited,
                        "it keeps restarting (restart policy); see why: docker logs " + c);
            case WAIT -> probes.watch(w.service, h); // an event, or its own healthcheck run sooner, will tell
        }
    }

    /** The container's own healthcheck passed when the SDK ran it: healthy, unless it restarted meanwhile. */
    private void probed(
            Environment env,
            Watch w,
            ReadinessProbe.Passed p,
            long begin,
            RollbackListener progress,
            Map<String, HealthOutcome> done,
            ServiceContainers containers) {
        Optional<ContainerHealth> seen = inspect(w, env, containers);
        if (seen.isEmpty() || !seen.get().id().equals(p.containerId())) {
            return;
        }
        ContainerHealth h = seen.get();
        ContainerHealth.Verdict v = h.verdict(w.baseline);
        if (v == ContainerHealth.Verdict.WAIT || v == ContainerHealth.Verdict.HEALTHY) {
            Duration waited = Duration.ofNanos(System.nanoTime() - begin);
            report(w, "ready (its healthcheck passed)", waited, progress);
            done.put(
                    w.service,
                    new HealthOutcome(
                            w.service,
                            h.startedAt().orElse(h.inspectedAt()),
                            p.at(),
                            waited,
                            v == ContainerHealth.Verdict.WAIT));
        } else {
            check(env, w, begin, progress, Map.of(), done, containers);
        }
    }

    private Optional<ContainerHealth> inspect(Watch w, Environment env, ServiceContainers containers) {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (w.containerId == null) {
                Optional<ServiceContainers.Found> now = containers.all(env.projectName()).stream()
                        .filter(f -> f.service().equals(w.service))
                        .findFirst();
                if (now.isEmpty()) {
                    return Optional.empty();
                }
                w.containerId = now.get().id();
            }
            try {
                String id = w.containerId;
                return Optional.of(ContainerHealth.of(
                        EngineCalls.call(
                                "inspect the container of service " + w.service,
                                () -> requests.inspectContainerCmd(id).exec()),
                        Instant.now()));
            } catch (RollbackException e) {
                if (!(e.getCause() instanceof NotFoundException)) {
                    throw e;
                }
                w.containerId = null; // recreated meanwhile: look it up again
            }
        }
        return Optional.empty();
    }

    private HealthTimeoutException timedOut(Environment env, Watch w, long begin, ServiceContainers containers) {
        Optional<ContainerHealth> h = inspect(w, env, containers).or(() -> Optional.ofNullable(w.last));
        Duration waited = Duration.ofNanos(System.nanoTime() - begin);
        String container = h.map(ContainerHealth::name).orElse(w.service);
        String advice = "it did not become healthy within " + w.timeout.toMillis() / 1000.0
                + " s; see its logs: docker logs " + container
                + env.catalog()
                        .find(w.service)
                        .map(s -> slowStarter(s, w.timeout))
                        .orElse("");
        return new HealthTimeoutException(
                w.service,
                h.map(ContainerHealth::describe).orElse("no container"),
                h.map(ContainerHealth::lastHealthOutput).orElse(""),
                waited,
                advice);
    }

    /** A hint when the timeout is below the kind's usual start-up time. */
    static String slowStarter(ServiceDefinition s, Duration timeout) {
        Duration expected = s.kind().expectedStartup();
        if (s.kind() == ServiceKind.MYSQL && timeout.compareTo(Duration.ofSeconds(60)) < 0) {
            return "; MySQL takes 50-60 s to start (InnoDB initialisation), so raise the timeout to at least 90 s";
        }
        if (timeout.compareTo(expected) < 0) {
            return "; " + s.kind() + " usually takes " + expected.toSeconds() + " s to start: raise the timeout";
        }
        return "";
    }

    private static void report(Watch w, String state, Duration waited, RollbackListener progress) {
        if (!state.equals(w.lastReported)) {
            w.lastReported = state;
            progress.on(RollbackEvent.healthState(w.service, state, waited, Instant.now()));
        }
    }

    private static String serviceOf(Event e) {
        Map<String, String> attributes =
                e.getActor() == null ? null : e.getActor().getAttributes();
        return attributes == null ? "" : attributes.getOrDefault(ServiceContainers.SERVICE_LABEL, "");
    }

    private static boolean isHealthy(Event e) {
        String action = e.getAction() != null ? e.getAction() : e.getStatus();
        return action != null && action.startsWith("health_status") && action.endsWith(": healthy");
    }

    static Instant eventTime(Event e) {
        if (e.getTimeNano() != null && e.getTimeNano() > 0) {
            return Instant.ofEpochSecond(0, e.getTimeNano());
        }
        return e.getTime() == null ? Instant.now() : Instant.ofEpochSecond(e.getTime());
    }

    /** The open event stream; closing it ends the HTTP request. */
    private static final class Subscription extends ResultCallback.Adapter<Event> {
        static final Object ENDED = new Object();
        private final BlockingQueue<Object> signals;
        private final CountDownLatch answered = new CountDownLatch(1);

        Subscription(BlockingQueue<Object> signals) {
            this.signals = signals;
        }

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            answered.countDown();
        }

        @Override
        public void onNext(Event e) {
            signals.add(e);
        }

        @Override
        public void onError(Throwable t) {
            signals.add(t);
            answered.countDown();
            close();
        }

        @Override
        public void onComplete() {
            signals.add(ENDED);
            super.onComplete();
        }

        @Override
        public void close() {
            try {
                super.close();
            } catch (IOException ignored) {
                // the stream is gone either way
            }
        }
    }

    private Subscription subscribe(String project, BlockingQueue<Object> signals) throws InterruptedException {
        Instant since = Instant.now().minus(REPLAY);
        Subscription s = EngineCalls.call(
                "subscribe to the events of compose project " + project,
                () -> streams.eventsCmd()
                        .withEventTypeFilter(EventType.CONTAINER)
                        .withLabelFilter(Map.of(ServiceContainers.PROJECT_LABEL, project))
                        .withEventFilter(EVENTS.toArray(String[]::new))
                        .withSince(since.getEpochSecond() + "." + String.format("%09d", since.getNano()))
                        .exec(new Subscription(signals)));
        if (!s.answered.await(subscribeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            s.close();
            throw new RollbackException("the Docker engine did not open its event stream within "
                    + subscribeTimeout.toSeconds() + " s; " + EngineCalls.START_ENGINE);
        }
        List<Object> early = new ArrayList<>();
        signals.drainTo(early);
        for (Object o : early) {
            if (o instanceof Throwable t) {
                s.close();
                throw new RollbackException(
                        "could not subscribe to the Docker engine's events: " + EngineCalls.firstLine(t.getMessage())
                                + "; " + EngineCalls.START_ENGINE,
                        t);
            }
        }
        signals.addAll(early);
        return s;
    }
}
