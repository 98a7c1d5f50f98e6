package dev.rollback.cli;

import dev.rollback.env.Environment;
import dev.rollback.plan.RunRecord;
import dev.rollback.plan.Runs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * What {@code watch --then-run} runs: the advisor's command line split into {@code rollback} calls, the rule that
 * the same rollback runs at most once per {@code advisor.then_run_once_per} (read from the run journal, so a rollback
 * run by hand counts too, and a restarted watch remembers), and the call itself, in this process.
 *
 * <p>{@code ThenRun.commands("rollback service mysql && rollback service redis-1")}
 */
final class ThenRun {
    private ThenRun() {}

    /** {@code rollback a b && rollback c} as {@code [[a, b], [c]]}. */
    static List<List<String>> commands(String command) {
        List<List<String>> out = new ArrayList<>();
        for (String part : command.split("&&")) {
            List<String> words = new ArrayList<>(Arrays.asList(part.strip().split("\\s+")));
            if (!words.isEmpty() && words.get(0).equals("rollback")) {
                words.remove(0);
            }
            out.add(List.copyOf(words));
        }
        return out;
    }

    /**
     * The journal's title of the run a call starts, as core titles them: {@code service rollback of mysql}, {@code
     * rollback of phase-2}, {@code full rollback}, {@code configuration rollback}.
     */
    static String titleOf(List<String> args) {
        return switch (args.get(0)) {
            case "service" -> "service rollback of " + args.get(1);
            case "phase" -> "rollback of " + args.get(1);
            case "full" -> "full rollback";
            default -> "configuration rollback";
        };
    }

    /** Why one of these calls may not run now: the same rollback ran within {@code oncePer}; empty when none did. */
    static Optional<String> heldBy(Environment env, List<List<String>> commands, Duration oncePer, Instant now) {
        return heldBy(Runs.in(env).list(), commands, oncePer, now);
    }

    /** As {@link #heldBy(Environment, List, Duration, Instant)}, against these runs. */
    static Optional<String> heldBy(List<RunRecord> runs, List<List<String>> commands, Duration oncePer, Instant now) {
        for (List<String> args : commands) {
            String title = titleOf(args);
            Optional<RunRecord> recent = runs.stream()
                    .filter(r -> (r.title().equals(title) || r.title().startsWith(title + " "))
                            && r.started().isAfter(now.minus(oncePer)))
                    .findFirst();
            if (recent.isPresent()) {
                return Optional.of(
                        title + " already ran at " + recent.get().started().truncatedTo(ChronoUnit.SECONDS) + " (run "
                                + recent.get().id() + ", " + recent.get().outcome() + ")");
            }
        }
        return Optional.empty();
    }

    /** Runs {@code rollback -C home <args>} here, its output on the caller's, and returns its exit code. */
    static int run(Path home, List<String> args, CommandLine caller) {
        CommandLine cl = Main.commandLine();
        cl.setOut(caller.getOut());
        cl.setErr(caller.getErr());
        List<String> all = new ArrayList<>(List.of("-C", home.toString()));
        all.addAll(args);
        return cl.execute(all.toArray(String[]::new));
    }
}
