package dev.rollback.cli;

import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.spi.Connections;
import dev.rollback.validation.advisor.Advisor;
import dev.rollback.validation.advisor.Assessment;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback advise}: the runbook's "When to Rollback" measured on the live environment, its severity table
 * followed to a scope, and the exact command to run with the time it should take here.
 *
 * <p>{@code rollback advise --json | jq -r .command}
 */
@Command(
        name = "advise",
        description = {
            "Measure the runbook's rollback triggers on the live environment (failing services, memory and CPU "
                    + "against the baseline, test failures, data against the newest verified backup set, a sealed "
                    + "Vault), follow its severity table to a scope, and print the exact rollback command with the "
                    + "time it took here before. Changes nothing."
        },
        footer = {
            "",
            "Exit codes: 0 no action needed, 7 a trigger fired: the runbook says to roll back (the output says how).",
            "",
            "Examples:",
            "  rollback advise",
            "  rollback advise --junit build/test-results/test",
            "  rollback advise --json | jq -r .command"
        })
final class AdviseCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    AdviseOptions options;

    @Option(names = "--json", description = "Print the assessment as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Environment env = Environment.load(root.home());
        Assessment a;
        try (Connections connections = Connections.to(env)) {
            a = options.advisor(Advisor.on(env), env, spec)
                    .withConnections(connections)
                    .assess();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, AssessmentPrinter.json(a));
        } else {
            AssessmentPrinter.print(a, out);
        }
        return a.actionNeeded() ? ExitCode.ROLLBACK_ADVISED : ExitCode.SUCCESS;
    }
}
