package dev.rollback.cli;

import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.errors.UsageException;
import dev.rollback.validation.advisor.LiveAdvisor;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What {@code advise} and {@code watch} measure against: the backup set, the test reports or command. */
final class AdviseOptions {
    @Option(
            names = "--against",
            paramLabel = "<set>",
            description = "The backup set to check data and .env against: latest, its id, or a directory (default:"
                    + " the newest verified set, else the newest).")
    String against;

    @Option(
            names = "--junit",
            paramLabel = "<dir>",
            description = "Read the test trigger from this directory of JUnit XML reports (default:"
                    + " advisor.junit_reports of rollback.yaml).")
    Path junit;

    @Option(
            names = "--tests",
            paramLabel = "<command>",
            description = "Run this test command for the test trigger (it may take long; --junit reads reports"
                    + " instead).")
    String tests;

    /** The live advisor with these options; an encrypted set's key read as validation reads it. */
    LiveAdvisor advisor(LiveAdvisor advisor, Environment env, CommandSpec spec) {
        if (against != null) {
            advisor.comparedWith(Backups.in(env).find(against));
        }
        advisor.comparedSet()
                .ifPresent(set -> advisor.comparedWith(set)
                        .withKey(SetKeys.forReading(env, set, spec.commandLine().getErr())));
        if (junit != null) {
            if (!Files.isDirectory(junit)) {
                throw new UsageException("--junit " + junit + ": no such directory; give the directory the test"
                        + " suite writes its JUnit XML reports to (Maven: target/surefire-reports)");
            }
            advisor.junitReports(junit.toAbsolutePath());
        }
        if (tests != null) {
            advisor.runningTests(tests);
        }
        return advisor;
    }
}
