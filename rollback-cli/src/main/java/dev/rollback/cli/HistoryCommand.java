package dev.rollback.cli;

import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.events.StepResult;
import dev.rollback.io.Durations;
import dev.rollback.plan.RunRecord;
import dev.rollback.plan.Runs;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback history}: the environment's runs, newest first, with how each ended and what its safety copies
 * hold.
 *
 * <p>{@code rollback history --json}
 */
@Command(
        name = "history",
        description =
                "List the rollback runs of this environment, newest first: when, what, how "
                        + "long, how each ended (succeeded, failed, refused, interrupted, running) and the size of its safety copies.",
        subcommands = HistoryCommand.Prune.class,
        footer = {"", "Examples:", "  rollback history", "  rollback history --json"})
final class HistoryCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        Environment env = Environment.load(root.home());
        List<RunRecord> runs = Runs.in(env).list();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, runs);
            return ExitCode.SUCCESS;
        }
        if (runs.isEmpty()) {
            out.println("No runs yet in " + env.stateDir().resolve("runs"));
        }
        for (RunRecord r : runs) {
            long done = r.steps().stream()
                    .filter(s -> s.status() == StepResult.Status.SUCCEEDED)
                    .count();
            out.printf(
                    "%-22s %-11s %8s  %2d/%-2d steps  %10d bytes kept  %s%s%n",
                    r.id(),
                    r.outcome(),
                    Durations.format(r.duration()),
                    done,
                    r.steps().size(),
                    r.safetyBytes(),
                    r.title(),
                    r.undoneBy().map(u -> " (undone by " + u + ")").orElse("")
                            + r.resumedBy().map(u -> " (resumed by " + u + ")").orElse(""));
        }
        out.flush();
        return ExitCode.SUCCESS;
    }

    /** {@code rollback history prune --keep 10}: never the newest successful run's copies, never a running one. */
    @Command(
            name = "prune",
            description = "Delete old runs and their safety copies: all but the newest --keep; the "
                    + "newest successful run (what undoing the current state needs) and a running one are always kept.",
            footer = {
                "",
                "Examples:",
                "  rollback history prune --keep 10 --dry-run",
                "  rollback history prune --keep 10"
            })
    static final class Prune implements Callable<Integer> {
        @ParentCommand
        HistoryCommand history;

        @Spec
        CommandSpec spec;

        @Option(names = "--keep", required = true, paramLabel = "<n>", description = "How many of the newest to keep.")
        int keep;

        @Option(
                names = {"-n", "--dry-run"},
                description = "List what would be deleted; delete nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            Runs runs = Runs.in(Environment.load(history.root.home()));
            List<String> ids = dryRun
                    ? runs.pruneCandidates(keep).stream().map(RunRecord::id).toList()
                    : runs.prune(keep);
            PrintWriter out = spec.commandLine().getOut();
            out.println((dryRun ? "Would delete " : "Deleted ") + ids.size() + " run(s)"
                    + (ids.isEmpty() ? "" : ": " + String.join(", ", ids)));
            out.flush();
            return ExitCode.SUCCESS;
        }
    }
}
