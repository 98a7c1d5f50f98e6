package dev.rollback.cli;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.backup.VerificationReport;
import dev.rollback.backup.VerifyLevel;
import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.spi.VolumeStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
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
@Command(name = "verify", description = "Verify a backup set (default: the newest): structure, completeness, "
        + "checksums, decrypt, restore_drill (into scratch volumes and databases).",
        footer = {"", "Examples:",
                "  rollback verify",
                "  rollback verify 20251114_085001 --level restore_drill --json"})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "<set>", description = "The set's id, latest, or a directory (an older "
            + "layout: the runbook's backups/<date>_manual or DevStack Core's own); default: the newest.")
    String id;

    @Option(names = "--level", paramLabel = "<level>", defaultValue = "DECRYPT", converter = LevelConverter.class,
            description = "structure, completeness, checksums, decrypt or restore_drill (default: decrypt).")
    VerifyLevel level;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Environment env = Environment.load(root.home());
        BackupSet set = SetArguments.find(env, id);
        BackupKey key = level.compareTo(VerifyLevel.DECRYPT) >= 0 ? SetArguments.key(env, set) : null;
        java.util.Optional<ContainerRuntime> rt = ContainerRuntimes.connect(env, java.time.Duration.ofSeconds(3));
        // only the restore drill reads service credentials (scratch databases); other levels leave Vault alone
        java.util.Optional<dev.rollback.spi.SecretStore> secrets = level == VerifyLevel.RESTORE_DRILL
                ? dev.rollback.spi.SecretStores.open(env, java.time.Duration.ofSeconds(3)) : java.util.Optional.empty();
        try {
            VolumeStore store = rt.filter(VolumeStore.class::isInstance).map(VolumeStore.class::cast).orElse(null);
            long start = System.nanoTime();
            dev.rollback.spi.BackupContext ctx = new dev.rollback.spi.BackupContext(env, rt, java.util.Optional
                    .ofNullable(store), secrets, List.of());
            VerificationReport r = set.verify(level, key, Backups.expected(env, store), store, ctx);
            set.record(r, java.time.Instant.now());
            return report(set, r, start);
        } finally {
            rt.ifPresent(ContainerRuntime::close);
            secrets.ifPresent(dev.rollback.spi.SecretStore::close);
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
            out.printf("%s %s at level %s: %d checks, %d failed; %.1f MB read at %.0f MB/s%n", r.passed() ? "PASSED"
                            : r.keyRefused() ? "NOT VERIFIED" : "FAILED", set.manifest().id(), level.name().toLowerCase(java.util.Locale.ROOT),
                    r.checks().size(), r.failures().size(), r.bytesRead() / 1e6, secs > 0 ? r.bytesRead() / 1e6 / secs : 0);
        }
        out.flush();
        return r.passed() ? ExitCode.SUCCESS : ExitCode.VERIFICATION_FAILED;
    }

    /** Accepts level names in any case. */
    static final class LevelConverter implements picocli.CommandLine.ITypeConverter<VerifyLevel> {
        @Override
        public VerifyLevel convert(String value) {
            try {
                return VerifyLevel.valueOf(value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a level; use one of "
                        + List.of(VerifyLevel.values()).toString().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
