package dev.rollback.validation.check;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.spi.ContainerStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The runbook's service items, from the engine's own state (never {@code grep healthy}, which matches
 * "unhealthy"): every service of the active profiles (and every one the baseline had) running, each with a health
 * check healthy by Docker's check, and the project's networks as the baseline had them.
 *
 * <p>{@code ServiceChecks.all() // services.running, services.healthy, services.networks}
 */
final class ServiceChecks {
    static final String GROUP = "services";
    /** A container still {@code starting} gets this long to finish its first health checks. */
    static final Duration STARTING_GRACE = Duration.ofSeconds(20);

    private ServiceChecks() {}

    static List<Check> all() {
        return List.of(
                Check.of("services.running", GROUP, "Every service running", ServiceChecks::running),
                Check.of(
                                "services.healthy",
                                GROUP,
                                "Every service healthy (Docker's health check)",
                                ServiceChecks::healthy)
                        .within(STARTING_GRACE.plusSeconds(15)),
                Check.of(
                        "services.networks",
                        GROUP,
                        "The project's networks as the baseline had",
                        ServiceChecks::networks));
    }

    /** The services that should run: the active profiles' and the baseline's, in scope. */
    static List<String> expected(CheckContext ctx) {
        Set<String> want = new LinkedHashSet<>();
        ctx.activeServices().stream().map(ServiceDefinition::name).forEach(want::add);
        // a baseline's service the compose file no longer declares is still expected
        ctx.baseline().ifPresent(b -> b.services().stream().filter(ctx::inScope).forEach(want::add));
        return List.copyOf(want);
    }

    private static Verdict running(CheckContext ctx) {
        List<String> want = expected(ctx);
        List<String> down = new ArrayList<>();
        for (String s : want) {
            Optional<ContainerStatus> c = ctx.container(s);
            if (c.isEmpty() || !"running".equals(c.get().state())) {
                down.add(s + " (" + c.map(ContainerStatus::state).orElse("no container") + ")");
            }
        }
        String expected = want.size() + " running";
        if (down.isEmpty()) {
            return Verdict.pass(expected, want.size() + " running: " + String.join(", ", want));
        }
        return Verdict.fail(
                expected,
                (want.size() - down.size()) + " running; not running: " + String.join(", ", down),
                "start them (docker compose up -d <name>), read why they stopped (docker compose logs <name>), and"
                        + " roll back one that does not stay up (rollback service <name>)");
    }

    private static Verdict healthy(CheckContext ctx) throws InterruptedException {
        List<String> want = expected(ctx);
        long deadline = System.nanoTime() + STARTING_GRACE.toNanos();
        List<ContainerStatus> now = ctx.containers();
        while (true) {
            List<String> unhealthy = new ArrayList<>();
            List<String> starting = new ArrayList<>();
            int checked = 0;
            for (String s : want) {
                Optional<ContainerStatus> c =
                        now.stream().filter(x -> x.service().equals(s)).findFirst();
                if (c.isEmpty()
                        || !"running".equals(c.get().state())
                        || c.get().health().isEmpty()) {
                    continue; // not running: services.running says so; no health check: nothing to read
                }
                checked++;
                String h = c.get().health().get();
                if ("starting".equals(h)) {
                    starting.add(s);
                } else if (!"healthy".equals(h)) {
                    unhealthy.add(s + " (" + h + ")");
                }
            }
            if (starting.isEmpty() || System.nanoTime() - deadline > 0) {
                starting.forEach(
                        s -> unhealthy.add(s + " (still starting after " + STARTING_GRACE.toSeconds() + " s)"));
                String expected = "every running service with a health check healthy";
                if (checked == 0) {
                    throw new CheckSkipped("no running service has a health check (see services.running)");
                }
                if (unhealthy.isEmpty()) {
                    return Verdict.pass(expected, checked + " of " + checked + " healthy");
                }
                return Verdict.fail(
                        expected,
                        (checked - unhealthy.size()) + " of " + checked + " healthy; not healthy: "
                                + String.join(", ", unhealthy),
                        "read why with docker inspect --format '{{json .State.Health}}' <container>, then restart"
                                + " the service (docker compose restart <name>) or roll it back (rollback service"
                                + " <name>)");
            }
            Thread.sleep(1000);
            now = ctx.engine().list(ctx.environment());
        }
    }

    private static Verdict networks(CheckContext ctx) {
        List<String> want = ctx.requireBaseline().networks();
        List<String> found = ctx.engine().networks(ctx.environment());
        List<String> missing = want.stream().filter(n -> !found.contains(n)).toList();
        List<String> extra = found.stream().filter(n -> !want.contains(n)).toList();
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("missing: " + String.join(", ", missing));
        }
        if (!extra.isEmpty()) {
            parts.add("not in the baseline: " + String.join(", ", extra));
        }
        return Verdict.of(
                parts.isEmpty(),
                String.join(", ", want),
                parts.isEmpty() ? String.join(", ", found) : String.join("; ", parts),
                "roll the compose file back (rollback full, or rollback phase phase-3 for network segmentation),"
                        + " then docker compose up -d");
    }
}
