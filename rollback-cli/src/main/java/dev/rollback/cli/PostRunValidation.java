package dev.rollback.cli;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackResult;
import dev.rollback.io.SecureFiles;
import dev.rollback.validation.Validation;
import dev.rollback.validation.report.ReportFormat;
import dev.rollback.validation.report.TextReport;
import dev.rollback.validation.report.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the checks that end a rollback on the environment as the rollback left it (reloaded from disk), and keeps the
 * report beside the run's journal ({@code validation.json} and {@code validation.html}). Logs are read from the run's
 * end: what the rollback did itself (a restore terminating PostgreSQL's connections, its restarts) is not held
 * against it.
 *
 * <p>{@code ValidationReport r = PostRunValidation.run(home, result, checks, out, json);}
 */
final class PostRunValidation {
    private PostRunValidation() {}

    static ValidationReport run(
            Path home, RollbackResult result, PostRunChecks checks, PrintWriter out, PrintWriter err, boolean json) {
        Environment env = Environment.load(home);
        Validation v = Validation.of(env)
                .postRollback()
                .onlyWhereAvailable(checks.only())
                .ofServices(checks.services())
                .since(result.started().plus(result.duration()));
        checks.set().ifPresent(v::against);
        if (checks.key() != null) {
            v.withKey(checks.key());
        }
        if (!json) {
            out.println();
            out.println("Checking what the rollback promised (--no-validate skips this):");
            out.flush();
        }
        ValidationReport report = v.run();
        Path dir = result.journal().getParent();
        Path html = dir.resolve("validation.html");
        try {
            write(report, ReportFormat.JSON, dir.resolve("validation.json"));
            write(report, ReportFormat.HTML, html);
        } catch (IOException e) {
            throw new RollbackException(
                    "the rollback is done, but its validation report cannot be written to " + dir + ": "
                            + e.getMessage(),
                    e);
        }
        PrintWriter to = json ? err : out;
        try {
            if (!json) {
                TextReport.unicode().write(report, to);
            } else {
                to.println(TextReport.verdict(report));
            }
        } catch (IOException e) {
            throw new RollbackException("cannot print the validation report: " + e.getMessage(), e);
        }
        to.println("Validation report: " + html);
        if (!report.passed()) {
            to.println("The rollback ran, but " + report.failures().size() + " check"
                    + (report.failures().size() == 1 ? "" : "s") + " failed (exit 4): see what to do above; rollback"
                    + " undo " + result.runId() + " puts back what it replaced");
        }
        to.flush();
        return report;
    }

    private static void write(ValidationReport report, ReportFormat format, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            format.write(report, w);
        }
        SecureFiles.makePrivate(file); // it quotes log lines, which a service may have written anything into
    }
}
