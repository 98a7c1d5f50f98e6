package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and every nested subcommand answers {@code --help}, {@code -h} and {@code --version}. */
class HelpTest {

    @Test
    void everyCommandAnswersHelpWithItsUsageAndExamples() {
        List<List<String>> commands = new ArrayList<>();
        walk(Main.commandLine(), List.of(), commands);
        assertThat(commands)
                .extracting(c -> String.join(" ", c))
                .contains("", "status", "vault keys backup", "history prune", "backups prune");

        SoftAssertions soft = new SoftAssertions();
        for (List<String> command : commands) {
            String name =
                    String.join(" ", "rollback", String.join(" ", command)).strip();
            for (String help : List.of("--help", "-h")) {
                CliRun r = CliRun.of(args(command, help));
                soft.assertThat(r.code()).as(name + " " + help + ": " + r.err()).isZero();
                soft.assertThat(r.out())
                        .as(name + " " + help)
                        .contains(
                                "Usage: " + name + " [-h",
                                "-h, --help",
                                "-V, --version",
                                "Examples:",
                                "  " + name + (command.isEmpty() ? " " : ""));
                soft.assertThat(r.err()).as(name + " " + help).isEmpty();
            }
            CliRun v = CliRun.of(args(command, "--version"));
            soft.assertThat(v.code()).as(name + " --version").isZero();
            soft.assertThat(v.out()).as(name + " --version").startsWith("rollback ");
        }
        soft.assertAll();
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> into) {
        into.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // aliases lead to the same command
                List<String> p = new ArrayList<>(path);
                p.add(name);
                walk(sub, p, into);
            }
        });
    }

    private static String[] args(List<String> command, String option) {
        List<String> a = new ArrayList<>(command);
        a.add(option);
        return a.toArray(String[]::new);
    }
}
