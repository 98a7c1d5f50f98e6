package dev.rollback.cli;

import dev.rollback.errors.ExitCode;
import dev.rollback.errors.UsageException;
import dev.rollback.events.Scope;
import dev.rollback.io.Durations;
import dev.rollback.io.FileTrees;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.validation.CheckResult;
import dev.rollback.validation.DrillReport;
import dev.rollback.validation.SandboxDrill;
import dev.rollback.validation.devstack.ContainerDrill;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollback drill --sandbox}: the main job, end to end, on a throwaway environment.
 *
 * <p>{@code rollback drill --sandbox --keep}
 */
@Command(
        name = "drill",
        description = {
            "Rehearse a full rollback: create a throwaway environment, snapshot it, "
                    + "break it, roll it back and validate it. On containers (a DevStack sandbox: every service failing, one "
                    + "rollback with volumes and databases) where a Docker engine and the local images are there; on files "
                    + "(git, .env, Vault keys) otherwise, and it says which."
        },
        footer = {"", "Examples:", "  rollback drill --sandbox", "  rollback drill --sandbox --files-only --keep"})
final class DrillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--sandbox",
            required = true,
            description = "Run on a throwaway sandbox environment (the only kind of drill so far).")
    boolean sandbox;

    @Option(
            names = "--sandbox-dir",
            paramLabel = "<dir>",
            description = "Where to create the sandbox (empty or absent; kept afterwards). Default: a temp dir.")
    Path sandboxDir;

    @Option(names = "--keep", description = "Keep the temporary sandbox after a passing drill.")
    boolean keep;

    @Option(names = "--json", description = "Print the drill report as JSON.")
    boolean json;

    @Option(
            names = "--files-only",
            description = "Rehearse on files only (git, .env, Vault keys), without "
                    + "containers, even where an engine and the local images are there.")
    boolean filesOnly;

    @Override
    public Integer call() throws IOException {
        if (!sandbox) {
            throw new UsageException("only sandbox drills exist so far: rollback drill --sandbox");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = sandboxDir == null;
        Path dir = temporary ? Files.createTempDirectory("rollback-drill-").resolve("devstack-sandbox") : sandboxDir;
        Optional<ContainerRuntime> engine =
                filesOnly ? Optional.empty() : ContainerRuntimes.connect(Connections.DEFAULT_TIMEOUT);
        try {
            List<String> missing = engine.map(ContainerDrill::missingImages).orElse(List.of());
            if (engine.isPresent() && missing.isEmpty()) {
                return containers(dir, temporary, engine.get(), out);
            }
            if (!json) {
                out.println("Tier: files only (git, .env, Vault keys; no container) — "
                        + (filesOnly
                                ? "--files-only"
                                : engine.isEmpty()
                                        ? "no Docker engine answers (start it: scripts/setup-test-env.sh)"
                                        : "the engine lacks " + String.join(", ", missing)
                                                + " (build them: scripts/setup-test-env.sh)"));
            }
        } finally {
            engine.ifPresent(ContainerRuntime::close);
        }
        return filesOnly(dir, temporary, out);
    }

    /** S1 on a DevStack sandbox of real containers. */
    private int containers(Path dir, boolean temporary, ContainerRuntime engine, PrintWriter out) throws IOException {
        ContainerDrill drill = ContainerDrill.in(dir, engine);
        if (keep) {
            drill.keeping();
        }
        if (!json) {
            out.println("Tier: containers (a DevStack sandbox: Vault, PostgreSQL + PgBouncer, MySQL, MongoDB, a 3-node "
                    + "Redis cluster, RabbitMQ, Forgejo, an API) on " + engine.describe());
            out.println("Drill on a sandbox environment in " + dir);
            drill.withListener(new DrillPrinter(out));
        }
        DrillReport report = drill.run();
        return finish(report, dir, temporary && report.passed() && !keep, out);
    }

    private int filesOnly(Path dir, boolean temporary, PrintWriter out) throws IOException {
        SandboxDrill drill = SandboxDrill.in(dir);
        if (!json) {
            out.println("Drill on a sandbox environment in " + dir);
            drill.withListener(new DrillPrinter(out));
        }
        DrillReport report = drill.run();
        return finish(report, dir, temporary && report.passed() && !keep, out);
    }

    private int finish(DrillReport report, Path dir, boolean remove, PrintWriter out) throws IOException {
        if (json) {
            Json.print(out, report);
        } else {
            print(out, report);
        }
        if (remove) {
            FileTrees.delete(dir.getParent());
        } else if (!json) {
            out.println("Sandbox kept in " + dir + " (try: rollback -C " + report.sandbox() + " status)");
        }
        out.flush();
        return report.passed() ? ExitCode.SUCCESS : ExitCode.VERIFICATION_FAILED;
    }

    private static void print(PrintWriter out, DrillReport r) {
        out.println("▸ checks");
        for (CheckResult c : r.checks()) {
            out.println("    " + c);
        }
        long passed = r.checks().stream().filter(CheckResult::passed).count();
        Duration rollback = r.stages().getOrDefault("rollback", Duration.ZERO);
        out.printf(
                "%nStages: %s%n",
                r.stages().entrySet().stream()
                        .map(e -> e.getKey() + " " + Durations.format(e.getValue()))
                        .reduce((a, b) -> a + ", " + b)
                        .orElse(""));
        out.printf(
                "Result: %s — %d/%d checks hold; the rollback itself took %s (the runbook budgets up to %d "
                        + "minutes for a full rollback, including sleep 180)%n",
                r.passed() ? "PASSED" : "FAILED",
                passed,
                r.checks().size(),
                Durations.format(rollback),
                Scope.FULL.runbookEstimate().toMinutes());
    }
}
