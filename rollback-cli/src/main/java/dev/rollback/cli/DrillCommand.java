package dev.rollback.cli;

import dev.rollback.Durations;
import dev.rollback.ExitCode;
import dev.rollback.UsageException;
import dev.rollback.io.FileTrees;
import dev.rollback.plan.Scope;
import dev.rollback.validation.CheckResult;
import dev.rollback.validation.DrillReport;
import dev.rollback.validation.SandboxDrill;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
@Command(name = "drill", description = {"Rehearse a full rollback: create a throwaway environment, snapshot it, "
        + "break it, roll it back and validate it."})
final class DrillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sandbox", required = true,
            description = "Run on a throwaway sandbox environment (the only kind of drill so far).")
    boolean sandbox;

    @Option(names = "--sandbox-dir", paramLabel = "<dir>",
            description = "Where to create the sandbox (empty or absent; kept afterwards). Default: a temp dir.")
    Path sandboxDir;

    @Option(names = "--keep", description = "Keep the temporary sandbox after a passing drill.")
    boolean keep;

    @Option(names = "--json", description = "Print the drill report as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (!sandbox) {
            throw new UsageException("only sandbox drills exist so far: rollback drill --sandbox");
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean temporary = sandboxDir == null;
        Path dir = temporary ? Files.createTempDirectory("rollback-drill-").resolve("devstack-sandbox") : sandboxDir;
        SandboxDrill drill = SandboxDrill.in(dir);
        if (!json) {
            out.println("Drill on a sandbox environment in " + dir);
            drill.withStageListener(stage -> {
                out.println("▸ " + stage);
                out.flush();
            }).withListener(new StepPrinter(out, "    "));
        }
        DrillReport report = drill.run();
        if (json) {
            Json.print(out, report);
        } else {
            print(out, report);
        }
        if (temporary && report.passed() && !keep) {
            FileTrees.delete(dir.getParent());
        } else if (!json) {
            out.println("Sandbox kept in " + dir + " (try: rollback -C " + dir + " status)");
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
        out.printf("%nStages: %s%n", r.stages().entrySet().stream()
                .map(e -> e.getKey() + " " + Durations.format(e.getValue())).reduce((a, b) -> a + ", " + b).orElse(""));
        out.printf("Result: %s — %d/%d checks hold; the rollback itself took %s (the seed's runbook budgets up to %d "
                        + "minutes for a full rollback, including sleep 180)%n",
                r.passed() ? "PASSED" : "FAILED", passed, r.checks().size(), Durations.format(rollback),
                Scope.FULL.seedEstimate().toMinutes());
    }
}
