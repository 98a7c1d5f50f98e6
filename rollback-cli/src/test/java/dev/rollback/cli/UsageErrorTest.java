package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.errors.ExitCode;
import dev.rollback.fixtures.ProjectFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** A command line that cannot be understood is a plain sentence naming the option, the value and what fits. */
class UsageErrorTest {
    /** A Java class or type name, qualified ({@code java.time.Duration}) or not ({@code NumberFormatException}). */
    private static final String JAVA_NAME = "(?s).*(\\b[a-z]+(\\.[a-z0-9]+)+\\.[A-Z]\\w*|\\w*Exception\\b"
            + "|\\ban? (int|long)\\b|\\bInteger\\b|\\bLong\\b|\\bDuration\\b).*";

    @TempDir
    Path tmp;

    String home;

    @BeforeEach
    void project() {
        home = ProjectFixture.create(tmp).home().toString();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "service mysql --await-healthy soon      | --await-healthy | soon                 | 60s",
                "service mysql --await-healthy 99999999999999999999 | --await-healthy | 99999999999999999999 | 24 hours",
                "status --engine-timeout 2seconds        | --engine-timeout | 2seconds            | 60s",
                "full --health-timeout 1.5.3s            | --health-timeout | 1.5.3s              | 60s",
                "backups prune --keep many               | --keep          | many                 | whole number",
                "history prune --keep 2.5                | --keep          | 2.5                  | whole number",
                "backup --level high                     | --level         | high                 | whole number",
                "vault status --warn-days 99999999999    | --warn-days     | 99999999999          | whole number",
                "verify --level deep                     | --level         | deep                 | restore_drill",
                "validate --format pdf                   | --format        | pdf                  | text, json, junit, html",
                "validate --since soon                   | --since         | soon                 | 60s",
                "watch --interval soon                   | --interval      | soon                 | 60s",
                "status --bogus                          | --bogus         | --bogus              | rollback status --help",
                "vault keys backup                       | <target>        | <target>             | rollback vault keys backup --help",
            })
    void badValuesArePlainSentencesWithoutJavaNames(String line, String option, String value, String expected) {
        CliRun r = CliRun.of(args(line));

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err())
                .startsWith("error: ")
                .contains(option, value, expected)
                .doesNotContain("\tat ");
        assertThat(r.err()).as("no Java class name").doesNotMatch(JAVA_NAME);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "service mysql --disable-tls --await-healthy 99999999999d | --await-healthy",
                "service mysql --disable-tls --await-healthy 25h          | --await-healthy",
                "phase phase-2 --await-healthy PT100000H                  | --await-healthy",
                "security root-token mysql --await-healthy 1441m          | --await-healthy",
                "full --restart --health-timeout 2d                       | --health-timeout",
                "undo --health-timeout 86401s                             | --health-timeout",
                "status --engine-timeout 30d                              | --engine-timeout",
                "validate --since 2d                                      | --since",
                "vault status --timeout 999999h                           | --timeout",
            })
    void durationsBeyondADayAreUsageErrorsNamingTheOptionAndTheBound(String line, String option) {
        CliRun r = CliRun.of(args(line));

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains(option, "24 hours").doesNotMatch(JAVA_NAME);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "service mysql --disable-tls --await-healthy 0   | --await-healthy",
                "service mysql --disable-tls --await-healthy 0s  | --await-healthy",
                "undo --health-timeout PT0S                      | --health-timeout",
                "vault status --timeout 0ms                      | --timeout",
                "watch --interval 0s                             | --interval",
            })
    void zeroDurationsAreUsageErrorsNamingTheOption(String line, String option) {
        CliRun r = CliRun.of(args(line));

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains(option, "more than zero").doesNotMatch(JAVA_NAME);
    }

    @Test
    void anUnknownCheckGroupIsAUsageErrorNamingTheGroups() {
        CliRun list = CliRun.of("-C", home, "validate", "--only", "git,gti", "--list");
        CliRun run = CliRun.of("-C", home, "validate", "--only", "gti");

        for (CliRun r : List.of(list, run)) {
            assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err())
                    .startsWith("error: no check group or id 'gti'; groups: git, services, vault")
                    .doesNotMatch(JAVA_NAME);
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void anUnknownServiceToValidateIsAUsageErrorListingTheKnownOnes() {
        CliRun r = CliRun.of("-C", home, "validate", "--service", "postgress");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("unknown service 'postgress'", "did you mean 'postgres'?");
    }

    @Test
    void watchThenRunTakesOnlyTheRunbooksScopes() {
        CliRun r = CliRun.of("-C", home, "watch", "--then-run", "service,rollout");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err())
                .startsWith("error: --then-run takes service, phase, config or full, found 'rollout'")
                .doesNotMatch(JAVA_NAME);
    }

    @Test
    void adviseWithAMissingJunitDirectoryIsAUsageError() {
        CliRun r = CliRun.of("-C", home, "advise", "--junit", "no/such/reports");

        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err())
                .contains("--junit no/such/reports: no such directory")
                .doesNotMatch(JAVA_NAME);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aDayIsTheLongestWaitAndIsAccepted() {
        CliRun r = CliRun.of("-C", home, "service", "mysql", "--disable-tls", "--await-healthy", "24h", "--dry-run");

        assertThat(r.code()).as(r.err()).isNotEqualTo(ExitCode.USAGE);
    }

    @Test
    void aConverterFailingUnexpectedlyStillReadsAsASentence() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Dated());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute("--on", "soon");

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--on", "'soon'").doesNotMatch(JAVA_NAME);
    }

    /** A command whose option picocli converts itself, failing with a Java exception. */
    @CommandLine.Command(name = "dated")
    static final class Dated implements Runnable {
        @CommandLine.Option(names = "--on")
        LocalDate on;

        @Override
        public void run() {}
    }

    private String[] args(String line) {
        List<String> a = new ArrayList<>(List.of("-C", home));
        a.addAll(List.of(line.strip().split(" +")));
        return a.toArray(String[]::new);
    }
}
