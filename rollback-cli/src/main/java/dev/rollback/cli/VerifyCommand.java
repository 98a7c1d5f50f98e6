package dev.rollback.cli;

import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.backup.VerificationReport;
import dev.rollback.backup.VerifyLevel;
import dev.rollback.backup.VerifyOptions;
import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.spi.Connections;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback verify [set]}: check a backup set at a level; exit 4 when anything fails.
 *
 * <p>{@code rollback verify 20251114_085001 --level decrypt --json}
 */
@Command(
        name = "verify",
        description = "Verify a backup set (default: the newest): structure, completeness, "
                + "checksums, decrypt, restore_drill (into scratch volumes and databases).",
        footer = {"", "Examples:", "  rollback verify", "  rollback verify 20251114_085001 --level restore_drill --json"
        })
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(
            arity = "0..1",
            paramLabel = "<set>",
            description = "The set's id, latest, or a directory (an older "
                    + "layout: the runbook's backups/<date>_manual or DevStack Core's own); default: the newest.")
    String id;

    @Option(
            names = "--level",
            paramLabel = "<level>",
            defaultValue = "DECRYPT",
            converter = LevelConverter.class,
            description = "structure, completeness, checksums, decrypt or restore_drill (default: decrypt).")
    VerifyLevel level;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Environment env = Environment.load(root.home());
        try (Connections connections = Connections.to(env)) {
            Backups backups = Backups.in(env).withConnections(connections);
            BackupSet set = backups.find(id);
            VerifyOptions options = backups.verifyOptions(set, level);
            long start = System.nanoTime();
            VerificationReport r = set.verify(level, options);
            set.record(r, Instant.now());
            return report(set, r, start);
        }
    }

    private int report(BackupSet set, VerificationReport r, long start) {
        double secs = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, r);
        } else {
            r.checks().forEach(c -> out.println("  " + c));
            if (r.keyRefused()) {
                out.println("  the passphrase does not open this set: its stored bytes are intact (checksums hold) "
                        + "and no encrypted part decrypts; check ROLLBACK_BACKUP_PASSPHRASE or the passphrase file. "
                        + "The set's last verification is kept.");
            }
            out.printf(
                    "%s %s at level %s: %d checks, %d failed; %.1f MB read at %.0f MB/s%n",
                    r.passed() ? "PASSED" : r.keyRefused() ? "NOT VERIFIED" : "FAILED",
                    set.manifest().id(),
                    level.name().toLowerCase(Locale.ROOT),
                    r.checks().size(),
                    r.failures().size(),
                    r.bytesRead() / 1e6,
                    secs > 0 ? r.bytesRead() / 1e6 / secs : 0);
        }
        out.flush();
        return r.passed() ? ExitCode.SUCCESS : ExitCode.VERIFICATION_FAILED;
    }

    /** Accepts level names in any case. */
    static final class LevelConverter implements CommandLine.ITypeConverter<VerifyLevel> {
        @Override
        public VerifyLevel convert(String value) {
            try {
                return VerifyLevel.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a level; use one of "
                        + List.of(VerifyLevel.values()).toString().toLowerCase(Locale.ROOT));
            }
        }
    }
}
