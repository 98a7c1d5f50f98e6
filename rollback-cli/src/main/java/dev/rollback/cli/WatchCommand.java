package dev.rollback.cli;

import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.Scope;
import dev.rollback.spi.Connections;
import dev.rollback.validation.advisor.Advisor;
import dev.rollback.validation.advisor.Assessment;
import dev.rollback.validation.advisor.LiveAdvisor;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback watch}: the advisor again and again. Prints a line when the severity changes and exits when a
 * trigger fires, so it can gate a CI job or a deploy script; with {@code --then-run} it runs the recommended rollback
 * itself for the scopes allowed, at most once per service (phase, ...) per hour, and goes on watching.
 *
 * <p>{@code rollback watch --interval 10s --then-run service}
 */
@Command(
        name = "watch",
        description = {
            "Watch the environment: measure the runbook's rollback triggers every interval, print a line when the "
                    + "severity changes, and stop with exit code 7 when one fires. With --then-run, run the "
                    + "recommended rollback for the scopes you allow (at most once per service or phase per hour, "
                    + "advisor.then_run_once_per) and keep watching. Every change and every rollback it runs is "
                    + "written to .rollback/watch.jsonl."
        },
        footer = {
            "",
            "Exit codes: 0 watched for --for (or --once) with no action needed, 7 a trigger fired that --then-run does"
                    + " not cover (or that was rolled back within the hour already), 1 a rollback it ran failed, or the"
                    + " environment could not be assessed 3 times in a row.",
            "",
            "Examples:",
            "  rollback watch",
            "  rollback watch --once --json",
            "  rollback watch --interval 10s --then-run service",
            "  rollback watch --then-run service,phase --for 8h"
        })
final class WatchCommand implements Callable<Integer> {
    /** Assessments that may fail in a row (the engine restarting, a service gone) before the watch gives up. */
    static final int MAX_FAILURES = 3;

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    AdviseOptions options;

    @Option(
            names = "--interval",
            paramLabel = "<duration>",
            defaultValue = "5s",
            description = "Pause between two assessments: 5s, 1m (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--once", description = "Assess once, print the line and exit as advise does.")
    boolean once;

    @Option(
            names = "--for",
            paramLabel = "<duration>",
            description = "Stop after this long with exit code 0 when nothing is left to do (default: watch until a"
                    + " trigger fires).")
    Duration limit;

    @Option(
            names = "--then-run",
            split = ",",
            paramLabel = "<scope>",
            description = "Run the recommended rollback when its scope is one of these: service, phase, config, full.")
    List<String> thenRun = new ArrayList<>();

    @Option(names = "--json", description = "Print each change as one line of JSON.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        Set<Scope> allowed = allowed();
        Environment env = Environment.load(root.home());
        PrintWriter out = spec.commandLine().getOut();
        WatchLog log = new WatchLog(env);
        Duration oncePer = env.config().advisor().thenRunOncePer();
        Instant end = limit == null ? null : Instant.now().plus(limit);
        String last = null;
        int failures = 0;
        while (true) {
            Assessment a;
            try (Connections connections = Connections.to(env)) {
                LiveAdvisor advisor =
                        options.advisor(Advisor.on(env), env, spec).withConnections(connections);
                a = advisor.assess();
                failures = 0;
            } catch (UsageException e) {
                throw e;
            } catch (RollbackException e) {
                // a hiccup of the engine or a service is reported and tried again; three in a row end the watch
                if (++failures >= MAX_FAILURES) {
                    throw new RollbackException(
                            "could not assess the environment " + MAX_FAILURES + " times in a row: " + e.getMessage(),
                            e);
                }
                spec.commandLine()
                        .getErr()
                        .println("could not assess the environment (" + failures + " of " + MAX_FAILURES + "): "
                                + e.getMessage() + "; trying again in " + interval.toSeconds() + " s");
                spec.commandLine().getErr().flush();
                Thread.sleep(interval.toMillis());
                continue;
            }
            String key = a.severityName() + " " + a.command().orElse("");
            if (!key.equals(last)) {
                print(a, out);
                log.change(a);
                last = key;
            }
            if (a.actionNeeded()) {
                Optional<Integer> stop = act(env, a, allowed, oncePer, log, out);
                if (stop.isPresent()) {
                    return stop.get();
                }
                // after a rollback (which may have changed .env), assess again at once and print it whatever it says
                env = env.reload();
                log = new WatchLog(env);
                last = null;
                continue;
            }
            if (once) {
                return ExitCode.SUCCESS;
            }
            if (end != null && !Instant.now().plus(interval).isBefore(end)) {
                return ExitCode.SUCCESS;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /**
     * Runs the recommended rollback when allowed and not run within {@code oncePer}; the exit code to stop with
     * otherwise, or when the rollback failed.
     */
    private Optional<Integer> act(
            Environment env, Assessment a, Set<Scope> allowed, Duration oncePer, WatchLog log, PrintWriter out) {
        Scope scope = a.scope().orElseThrow();
        if (once || !allowed.contains(scope)) {
            return Optional.of(ExitCode.ROLLBACK_ADVISED);
        }
        if (!a.commandComplete()) {
            out.println("Not run: the command needs a file only you can name; run it yourself.");
            out.flush();
            return Optional.of(ExitCode.ROLLBACK_ADVISED);
        }
        List<List<String>> commands = ThenRun.commands(a.command().orElseThrow());
        Optional<String> held = ThenRun.heldBy(env, commands, oncePer, Instant.now());
        if (held.isPresent()) {
            out.println("Not run again: " + held.get() + " (at most once per " + minutes(oncePer)
                    + ", advisor.then_run_once_per); roll back by hand or look at the service.");
            out.flush();
            log.held(a, held.get());
            return Optional.of(ExitCode.ROLLBACK_ADVISED);
        }
        for (List<String> args : commands) {
            out.println("Running: rollback " + String.join(" ", args));
            out.flush();
            int code = ThenRun.run(root.home(), args, spec.commandLine());
            log.ran(a, args, code);
            // 4: the rollback was done and a post-run check failed; the next assessment judges the environment
            if (code != ExitCode.SUCCESS && code != ExitCode.VERIFICATION_FAILED) {
                out.println("The rollback ended with exit code " + code + "; stopped watching.");
                out.flush();
                return Optional.of(ExitCode.FAILURE);
            }
        }
        return Optional.empty();
    }

    private static String minutes(Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    private void print(Assessment a, PrintWriter out) {
        if (json) {
            out.println(Json.line(AssessmentPrinter.json(a)));
        } else {
            out.println(AssessmentPrinter.line(a));
        }
        out.flush();
    }

    private Set<Scope> allowed() {
        Set<Scope> out = EnumSet.noneOf(Scope.class);
        for (String s : thenRun) {
            try {
                out.add(Scope.valueOf(s.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--then-run takes service, phase, config or full, found '" + s + "'");
            }
        }
        return out;
    }
}
