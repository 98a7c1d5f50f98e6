package dev.rollback.validation.check;

import dev.rollback.validation.parse.HealthReading;
import dev.rollback.validation.probe.HttpAnswer;
import dev.rollback.validation.probe.HttpEndpoint;
import dev.rollback.validation.probe.HttpProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * "All APIs responding": each HTTP endpoint ({@code validation.http} in {@code rollback.yaml}, else DevStack Core's
 * 8000 to 8004 and Forgejo's 3000) asked from this host, following redirects, its answer read as JSON: the check
 * passes only on a 2xx or 3xx status whose {@code status} says healthy ({@code ok}, {@code healthy}, {@code pass}).
 * A {@code "degraded"} or {@code "unhealthy"} body fails it even with 200, where the runbook's {@code grep healthy}
 * would have passed.
 *
 * <p>{@code HttpChecks.of(ctx) // http.reference-api, http.forgejo}
 */
final class HttpChecks {
    static final String GROUP = "http";
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private HttpChecks() {}

    static List<Check> of(CheckContext ctx) {
        List<Check> out = new ArrayList<>();
        HttpProbe probe = new HttpProbe(ASK_TIMEOUT);
        for (HttpEndpoint e : HttpEndpoint.of(ctx.settings().http(), ctx.activeServices())) {
            if (!ctx.inScope(e.service())) {
                continue;
            }
            String id = "http." + e.service() + (e.port() == 8000 || e.port() == 3000 ? "" : "-" + e.port());
            out.add(Check.of(id, GROUP, e.service() + " answers healthy at " + e.path(), c -> ask(c, probe, e)));
        }
        return out;
    }

    private static Verdict ask(CheckContext ctx, HttpProbe probe, HttpEndpoint e) {
        ctx.requireRunning(e.service());
        HttpAnswer a = probe.ask(ctx.engine(), ctx.environment(), e);
        HealthReading r = HealthReading.of(a.status(), a.body());
        String found = "HTTP " + a.status() + (r.rawStatus().isEmpty() ? "" : ", status \"" + r.rawStatus() + "\"")
                + " in " + a.took().toMillis() + " ms";
        return Verdict.of(
                r.healthy() && a.status() < 400,
                "a 2xx answer whose status is healthy (" + e + ")",
                found,
                "read what " + e.service() + " reports (curl -sL " + a.url() + ") and its log (docker compose logs "
                        + e.service() + "); roll it back if it stays unhealthy (rollback service " + e.service() + ")");
    }
}
