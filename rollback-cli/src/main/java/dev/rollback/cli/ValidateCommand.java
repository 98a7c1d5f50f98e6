package dev.rollback.cli;

import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.errors.RollbackException;
import dev.rollback.spi.Connections;
import dev.rollback.validation.Validation;
import dev.rollback.validation.check.Check;
import dev.rollback.validation.report.ReportFormat;
import dev.rollback.validation.report.TextReport;
import dev.rollback.validation.report.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback validate}: the runbook's checklist on the live environment, after a rollback (the default) or
 * before one ({@code --pre}); exit 4 when a check fails. Skipped checks say why and never count as passed.
 *
 * <p>{@code rollback validate --only git,files --format junit --output validation.xml}
 */
@Command(
        name = "validate",
        description = {
            "Check the environment against the runbook's rollback validation checklist: git, services, Vault, "
                    + "each database's data against the backup set, HTTP endpoints, .env and key files, resources "
                    + "against the baseline, logs and the project's tests. With --pre, the pre-rollback checklist: "
                    + "a backup set to roll back to, complete and intact."
        },
        footer = {
            "",
            "Exit codes: 0 every check that ran passed, 4 a check failed.",
            "",
            "Examples:",
            "  rollback validate",
            "  rollback validate --pre",
            "  rollback validate --only git,files --against 20251114_085001",
            "  rollback validate --service postgres --since 30m",
            "  rollback validate --format junit --output validation.xml",
            "  rollback validate --list"
        })
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--pre", description = "The pre-rollback checklist: a backup set, complete and intact.")
    boolean pre;

    @Option(
            names = "--against",
            paramLabel = "<set>",
            description = "The backup set to compare with: latest, its id, or a directory (default: the newest).")
    String against;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "<group|id>",
            description = "Only these checks: groups (git, services, vault, databases, http, files, resources, logs,"
                    + " tests, backup) or ids (git.branch); repeatable or comma-separated.")
    List<String> only = new ArrayList<>();

    @Option(
            names = "--service",
            paramLabel = "<name>",
            description = "Only these services' checks (a service rollback's scope); repeatable.")
    List<String> services = new ArrayList<>();

    @Option(
            names = "--format",
            paramLabel = "<format>",
            defaultValue = "text",
            converter = ReportFormatConverter.class,
            description = "text, json, junit or html (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(
            names = "--output",
            paramLabel = "<file>",
            description = "Write the report to this file; print only the verdict and the file on stdout.")
    Path output;

    @Option(
            names = "--since",
            paramLabel = "<duration>",
            description = "Read the services' logs from this long ago: 30s, 10m, 1h (default: 10m, or from the end"
                    + " of the newest rollback run when it ended within them).")
    Duration since;

    @Option(
            names = "--tests",
            paramLabel = "<command>",
            description = "Run this test command instead of validation.test_command of rollback.yaml.")
    String tests;

    @Option(names = "--list", description = "List the checks (id, group, title) without running any.")
    boolean list;

    @Override
    public Integer call() {
        Environment env = Environment.load(root.home());
        services.forEach(s -> env.catalog().require(s));
        try (Connections connections = Connections.to(env)) {
            Validation validation = (pre
                            ? Validation.of(env).preRollback()
                            : Validation.of(env).postRollback())
                    .only(only)
                    .ofServices(services)
                    .runningTests(tests)
                    .withConnections(connections);
            if (since != null) {
                validation.since(Instant.now().minus(since));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (list) {
                against(validation, env, false);
                return list(validation.checks(), out);
            }
            against(validation, env, true);
            boolean progress = format == ReportFormat.TEXT || output != null;
            if (progress) {
                validation.onEachCheck(
                        new CheckProgressPrinter(spec.commandLine().getErr()));
            }
            ValidationReport report = validation.run();
            write(report, out);
            return report.exitCode();
        }
    }

    /** The set to compare with, and its key when it is encrypted and a run reads it. */
    private void against(Validation validation, Environment env, boolean withKey) {
        Backups backups = Backups.in(env);
        Optional<BackupSet> set = against != null
                ? Optional.of(backups.find(against))
                : backups.list().stream().findFirst();
        set.ifPresent(s -> {
            validation.against(s);
            if (withKey) {
                validation.withKey(SetKeys.forReading(env, s, spec.commandLine().getErr()));
            }
        });
    }

    private int list(List<Check> checks, PrintWriter out) {
        if (format == ReportFormat.JSON) {
            Json.print(
                    out,
                    checks.stream()
                            .map(c -> Map.of("id", c.id(), "group", c.group(), "title", c.title()))
                            .toList());
            return ExitCode.SUCCESS;
        }
        out.printf("%s checklist: %d checks%n", pre ? "Pre-rollback" : "Post-rollback", checks.size());
        out.printf("  %-26s %-10s %s%n", "ID", "GROUP", "TITLE");
        checks.forEach(c -> out.printf("  %-26s %-10s %s%n", c.id(), c.group(), c.title()));
        out.println("Dry run: nothing was checked.");
        out.flush();
        return ExitCode.SUCCESS;
    }

    private void write(ValidationReport report, PrintWriter out) {
        try {
            if (output == null) {
                format.write(report, out);
            } else {
                Path file = output.toAbsolutePath().normalize();
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    format.write(report, w);
                }
                out.println(TextReport.verdict(report) + "; report: " + file);
            }
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot write the report to " + output + ": " + e.getMessage() + "; choose another --output", e);
        }
        out.flush();
    }
}
