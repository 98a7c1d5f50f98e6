package dev.rollback.service;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the service steps share, here and in the modules that add steps to a restart: the engine from the run's
 * services, and the problems of services without one.
 *
 * <p>{@code List<Problem> p = Runtimes.check(ctx, List.of("mysql"));}
 */
public final class Runtimes {
    private static final String PRESENT = "containers.present.";

    private Runtimes() {}

    /** The run's engine; a RollbackException saying what needs it when the run has none. */
    public static ContainerRuntime require(StepContext ctx) {
        return ctx.require(ContainerRuntime.class, "stop, start and watch containers");
    }

    /** Those of the services whose container runs now (or restarts), in the order given. */
    static List<String> running(StepContext ctx, List<String> services) {
        Set<String> up = require(ctx).list(ctx.environment()).stream()
                .filter(c -> "running".equals(c.state()) || "restarting".equals(c.state()))
                .map(ContainerStatus::service)
                .collect(Collectors.toSet());
        return services.stream().filter(up::contains).toList();
    }

    /** Blocking problems: no engine, or a service without a container. */
    public static List<Problem> check(StepContext ctx, List<String> services) {
        var rt = ctx.service(ContainerRuntime.class);
        if (rt.isEmpty()) {
            return List.of(Problem.blocking(
                    "engine",
                    "no container engine answered (DOCKER_HOST or " + "/var/run/docker.sock)",
                    "start dockerd, or set DOCKER_HOST to the engine of this environment"));
        }
        Set<String> present;
        try {
            present = presentServices(ctx, rt.get());
        } catch (RollbackException e) {
            return List.of(Problem.blocking("engine", e.getMessage(), "start dockerd, or set DOCKER_HOST"));
        }
        List<Problem> out = new ArrayList<>();
        for (String s : services) {
            if (!present.contains(s)) {
                out.add(Problem.blocking(
                        s,
                        "has no container in compose project "
                                + ctx.environment().projectName(),
                        "create it first: docker compose up -d " + s));
            }
        }
        return out;
    }

    /** The services that have a container, asked of the engine once per preflight and shared by its steps. */
    @SuppressWarnings("unchecked")
    private static Set<String> presentServices(StepContext ctx, ContainerRuntime rt) {
        String key = PRESENT + ctx.runId();
        Object cached = ctx.attributes().get(key);
        if (cached instanceof Set<?> set) {
            return (Set<String>) set;
        }
        Set<String> present = rt.list(ctx.environment()).stream()
                .map(ContainerStatus::service)
                .collect(Collectors.toSet());
        ctx.attributes().put(key, present);
        return present;
    }
}
