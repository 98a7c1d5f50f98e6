package dev.rollback.cli;

import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.events.StepResult;
import dev.rollback.io.Durations;
import dev.rollback.plan.RunRecord;
import dev.rollback.plan.Runs;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback show <run>}: one run whole: its steps with their timings and notes, how it ended, and where its
 * journal and safety copies are.
 *
 * <p>{@code rollback show last --json}
 */
@Command(
        name = "show",
        description = "Show one run: its steps with timings and notes, how it ended, where its "
                + "journal and safety copies are.",
        footer = {"", "Examples:", "  rollback show", "  rollback show last --json"})
final class ShowCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "<run>",
            defaultValue = "last",
            description = "A run id (or its start), or last " + "(default).")
    String run;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        RunRecord r = Runs.in(Environment.load(root.home())).find(run);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, r);
            return ExitCode.SUCCESS;
        }
        out.printf("Run %s: %s%n", r.id(), r.title());
        out.printf(
                "Started %s, ran %s: %s%s%n",
                r.started(),
                Durations.format(r.duration()),
                r.outcome(),
                r.undoneBy().map(u -> ", undone by run " + u).orElse("")
                        + r.resumedBy().map(u -> ", resumed by run " + u).orElse(""));
        int i = 0;
        for (StepResult s : r.steps()) {
            out.printf(
                    "  %2d %-10s %-22s %8s  %s%n",
                    ++i,
                    s.status().name().toLowerCase(Locale.ROOT),
                    s.name(),
                    Durations.format(s.duration()),
                    s.description());
            s.details().forEach(d -> out.println("                " + d));
        }
        out.println("Journal: " + r.journal());
        out.println("Safety copies: "
                + (r.safetyBytes() > 0
                        ? r.safety() + " (" + r.safetyBytes() + " bytes)"
                        : "none (nothing was replaced, or only .env, kept beside it as .env.rollback-<time>)"));
        out.flush();
        return ExitCode.SUCCESS;
    }
}
