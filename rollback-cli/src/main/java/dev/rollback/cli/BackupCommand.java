package dev.rollback.cli;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.backup.Passphrases;
import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.io.Durations;
import dev.rollback.spi.Connections;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollback backup}: snapshot the environment into a verifiable backup set.
 *
 * <p>{@code ROLLBACK_BACKUP_PASSPHRASE=... rollback backup --encrypt}
 */
@Command(
        name = "backup",
        description = {
            "Snapshot git state, .env, the Vault key directory, database dumps, the "
                    + "Vault KV secrets and the project's named volumes into a verifiable backup set."
        },
        footer = {
            "",
            "Examples:",
            "  rollback backup",
            "  ROLLBACK_BACKUP_PASSPHRASE=... rollback backup --encrypt --services postgres,mysql"
        })
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--encrypt",
            description =
                    "Encrypt every artifact (AES-256-GCM); the passphrase comes from "
                            + "$ROLLBACK_BACKUP_PASSPHRASE or <vault key dir>/backup-passphrase (mode 0600), never an argument.")
    boolean encrypt;

    @Option(names = "--level", paramLabel = "<1-19>", defaultValue = "3", description = "zstd level (default 3).")
    int level;

    @Option(names = "--json", description = "Print the manifest as JSON.")
    boolean json;

    @Option(
            names = "--volumes",
            split = ",",
            paramLabel = "<volume>",
            description = "Only these volumes (engine "
                    + "names, comma-separated); default: every volume of the compose project that exists.")
    List<String> volumes;

    @Option(names = "--no-volumes", description = "Leave volumes out (no engine needed).")
    boolean noVolumes;

    @Option(
            names = "--services",
            split = ",",
            paramLabel = "<service>",
            description = "Only these services' dumps "
                    + "and exports (comma-separated); default: every database service and Vault.")
    List<String> services;

    @Option(names = "--no-databases", description = "Leave database dumps and the Vault KV export out.")
    boolean noDatabases;

    @Option(
            names = "--partial",
            description = "Write the set even when a part the environment declares cannot be "
                    + "taken now (a database that does not answer, a sealed Vault, no engine for the volumes): it is left "
                    + "out, named, and the command exits 6. Without it such a backup writes nothing and exits 6.")
    boolean partial;

    @Option(
            names = "--consistent",
            description = "Stop the services that use the archived volumes while they are "
                    + "archived (after the dumps) and start them again afterwards, even when the backup fails.")
    boolean consistent;

    @Override
    public Integer call() {
        Environment env = Environment.load(root.home());
        try (Connections connections = Connections.to(env)) {
            Backups backups = Backups.in(env)
                    .withConnections(connections)
                    .withCompressionLevel(level)
                    .withServices(services);
            if (encrypt) {
                char[] pass = Passphrases.require(env, "--encrypt");
                backups.withPassphrase(pass);
                Arrays.fill(pass, '\0');
            }
            if (noDatabases) {
                backups.withContributors(List.of());
            }
            // with --json only the warnings reach stderr
            backups.withListener(
                    new BackupProgressPrinter(spec.commandLine().getErr(), System.console() != null, !json));
            if (consistent) {
                backups.consistent();
            }
            if (partial) {
                backups.partial();
            }
            if (noVolumes) {
                backups.withoutVolumes();
            } else {
                backups.withVolumes(volumes);
            }
            return write(backups);
        }
    }

    private int write(Backups backups) {
        Instant start = Instant.now();
        BackupSet set = backups.create();
        List<String> missing = backups.leftOut();
        int code = missing.isEmpty() ? ExitCode.SUCCESS : ExitCode.INCOMPLETE;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, set.manifest());
            return code;
        }
        long bytes = 0;
        for (BackupManifest.Artifact a : set.manifest().artifacts()) {
            out.printf(
                    "  %-14s %-24s %10d bytes%s%n", a.kind(), a.file(), a.size(), a.encrypted() ? ", encrypted" : "");
            bytes += a.size();
        }
        out.printf(
                "Backup %s: %d artifacts, %d bytes in %s, at %s%n",
                set.manifest().id(),
                set.manifest().artifacts().size(),
                bytes,
                Durations.format(Duration.between(start, Instant.now())),
                set.dir());
        out.flush();
        if (!missing.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println("warning: partial backup " + set.manifest().id() + ": left out "
                            + String.join(", ", missing)
                            + " (exit 6); it fails COMPLETENESS, and a rollback asking for "
                            + "these parts refuses it");
        }
        return code;
    }
}
