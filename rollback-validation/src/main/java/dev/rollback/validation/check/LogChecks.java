package dev.rollback.validation.check;

import dev.rollback.env.ServiceDefinition;
import dev.rollback.env.ServiceKind;
import dev.rollback.validation.parse.CriticalLine;
import dev.rollback.validation.parse.CriticalLogLines;
import dev.rollback.validation.parse.LogScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * "No critical errors in logs": every running service's log since the moment given (the run's start) scanned for
 * its engine's critical lines ({@code FATAL}, {@code PANIC}, {@code [ERROR]}, Vault's {@code [ERROR]} and
 * {@code core: ... failed}), less what {@code validation.log_allow} in {@code rollback.yaml} allows and the line
 * PostgreSQL logs for DevStack Core's own health check.
 *
 * <p>{@code LogChecks.all() // logs.critical}
 */
final class LogChecks {
    static final String GROUP = "logs";
    /** The most lines read per service. */
    static final int MAX_LINES = 20_000;

    private LogChecks() {}

    static List<Check> all() {
        return List.of(new Check(
                "logs.critical", GROUP, "No critical errors in the logs", Duration.ofSeconds(30), LogChecks::scan));
    }

    /**
     * {@code log_allow}, and for PostgreSQL the line its own health check makes: DevStack Core's {@code pg_isready -U
     * <POSTGRES_USER>} names no database, so the server logs {@code FATAL: database "<user>" does not exist} at every
     * check (unless a database has the user's name).
     */
    static List<String> allowed(CheckContext ctx, ServiceDefinition s) {
        List<String> out = new ArrayList<>(ctx.settings().logAllow());
        String user = s.environment().getOrDefault("POSTGRES_USER", "");
        if (s.kind() == ServiceKind.POSTGRES && !user.isEmpty()) {
            out.add("FATAL:\\s+database \"" + Pattern.quote(user) + "\" does not exist");
        }
        return out;
    }

    private static Verdict scan(CheckContext ctx) {
        List<String> found = new ArrayList<>();
        int services = 0;
        long lines = 0;
        for (ServiceDefinition s : ctx.environment().catalog().services()) {
            if (!ctx.inScope(s.name()) || ctx.container(s.name()).isEmpty()) {
                continue;
            }
            services++;
            List<String> log = ctx.engine().logs(ctx.environment(), s.name(), ctx.since(), MAX_LINES);
            lines += log.size();
            LogScan scan = CriticalLogLines.forKind(s.kind() == null ? ServiceKind.OTHER : s.kind())
                    .allowing(allowed(ctx, s))
                    .keeping(3)
                    .scan(String.join("\n", log));
            if (!scan.clean()) {
                found.add(s.name() + ": " + scan.found() + " critical line" + (scan.found() == 1 ? "" : "s") + " ("
                        + scan.lines().stream()
                                .map(CriticalLine::text)
                                .reduce((a, b) -> a + " | " + b)
                                .orElse("")
                        + ")");
            }
        }
        if (services == 0) {
            throw new CheckSkipped("no service in scope has a container");
        }
        String expected = "no critical line since " + ctx.since();
        return Verdict.of(
                found.isEmpty(),
                expected,
                found.isEmpty()
                        ? lines + " lines of " + services + " services, none critical"
                        : String.join("; ", found),
                "read the lines in context (docker compose logs --since <time> <service>); when one is expected,"
                        + " allow it with validation.log_allow in rollback.yaml");
    }
}
