package dev.rollback.cli;

import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.Connections;
import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.baseline.Baselines;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback baseline}: record the healthy environment's figures (services, networks, memory and CPU, response
 * times) that {@code rollback validate} compares with, or show the recorded ones.
 *
 * <p>{@code rollback baseline --show --json | jq .responseMillis}
 */
@Command(
        name = "baseline",
        description = {
            "Measure the healthy environment (running services, networks, each service's memory and CPU over a few "
                    + "seconds, each HTTP endpoint's response time) and record it as the baseline rollback validate "
                    + "compares with. Run it when the environment is up and settled."
        },
        footer = {"", "Examples:", "  rollback baseline", "  rollback baseline --show", "  rollback baseline --json"})
final class BaselineCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--show", description = "Print the recorded baseline; measure nothing.")
    boolean show;

    @Option(names = "--json", description = "Print the baseline as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Environment env = Environment.load(root.home());
        Baseline baseline;
        Path file = Baselines.file(env);
        if (show) {
            baseline = Baselines.read(env).orElseThrow(() -> none(env));
        } else {
            try (Connections connections = Connections.to(env)) {
                baseline = Baselines.measure(env, connections);
            }
            file = Baselines.write(env, baseline);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new String(Baselines.toJson(baseline), StandardCharsets.UTF_8));
        } else {
            BaselinePrinter.print(baseline, out);
            out.println((show ? "Recorded in " : "Written to ") + file);
        }
        out.flush();
        return ExitCode.SUCCESS;
    }

    private static RollbackException none(Environment env) {
        return new RollbackException("no baseline recorded for " + env.projectName() + " (no " + Baselines.file(env)
                + "): record one with rollback baseline while the environment is up and healthy");
    }
}
