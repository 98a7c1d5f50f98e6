package dev.rollback.cli;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.errors.UsageException;
import dev.rollback.io.Durations;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.spi.VolumeStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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
@Command(name = "backup", description = {"Snapshot git state, .env, the Vault key directory, database dumps, the "
        + "Vault KV secrets and the project's named volumes into a verifiable backup set."},
        footer = {"", "Examples:",
                "  rollback backup",
                "  ROLLBACK_BACKUP_PASSPHRASE=... rollback backup --encrypt --services postgres,mysql"})
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--encrypt", description = "Encrypt every artifact (AES-256-GCM); the passphrase comes from "
            + "$ROLLBACK_BACKUP_PASSPHRASE or <vault key dir>/backup-passphrase (mode 0600), never an argument.")
    boolean encrypt;

    @Option(names = "--level", paramLabel = "<1-19>", defaultValue = "3", description = "zstd level (default 3).")
    int level;

    @Option(names = "--json", description = "Print the manifest as JSON.")
    boolean json;

    @Option(names = "--volumes", split = ",", paramLabel = "<volume>", description = "Only these volumes (engine "
            + "names, comma-separated); default: every volume of the compose project that exists.")
    java.util.List<String> volumes;

    @Option(names = "--no-volumes", description = "Leave volumes out (no engine needed).")
    boolean noVolumes;

    @Option(names = "--services", split = ",", paramLabel = "<service>", description = "Only these services' dumps "
            + "and exports (comma-separated); default: every database service and Vault.")
    java.util.List<String> services;

    @Option(names = "--no-databases", description = "Leave database dumps and the Vault KV export out.")
    boolean noDatabases;

    @Option(names = "--partial", description = "Write the set even when a part the environment declares cannot be "
            + "taken now (a database that does not answer, a sealed Vault, no engine for the volumes): it is left "
            + "out, named, and the command exits 6. Without it such a backup writes nothing and exits 6.")
    boolean partial;

    @Option(names = "--consistent", description = "Stop the services that use the archived volumes while they are "
            + "archived (after the dumps) and start them again afterwards, even when the backup fails.")
    boolean consistent;

    @Override
    public Integer call() {
        Environment env = Environment.load(root.home());
        Backups backups = Backups.in(env).withCompressionLevel(level).withServices(services);
        if (encrypt) {
            char[] pass = SetArguments.passphrase(env, "--encrypt");
            backups.withPassphrase(pass);
            java.util.Arrays.fill(pass, '\0');
        }
        if (noDatabases) {
            backups.withContributors(java.util.List.of());
        }
        if (!json) {
            backups.withListener(new BackupProgressPrinter(spec.commandLine().getErr(), System.console() != null));
        }
        // the secret store (Vault: an HTTP client and a health call) opens on another thread while the engine's
        // client is set up on this one; each is a few hundred ms of a cold JVM's start
        java.util.concurrent.CompletableFuture<Optional<dev.rollback.spi.SecretStore>> opening = noDatabases
                ? java.util.concurrent.CompletableFuture.completedFuture(Optional.empty())
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> dev.rollback.spi.SecretStores.open(env,
                        Duration.ofSeconds(3)));
        Optional<ContainerRuntime> rt;
        try {
            rt = ContainerRuntimes.connect(env, Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            opening.thenAccept(s -> s.ifPresent(dev.rollback.spi.SecretStore::close));
            throw e;
        }
        Optional<dev.rollback.spi.SecretStore> secrets;
        try {
            secrets = opening.join();
        } catch (java.util.concurrent.CompletionException e) {
            rt.ifPresent(ContainerRuntime::close);
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        try {
            rt.ifPresent(backups::withRuntime);
            secrets.ifPresent(backups::withSecrets);
            if (consistent) {
                backups.consistent();
            }
            if (partial) {
                backups.partial();
            }
            if (noVolumes) {
                backups.withVolumes(null, java.util.List.of());
            } else if (rt.isPresent() && rt.get() instanceof VolumeStore store) {
                backups.withVolumes(store, volumes);
            } else if (volumes != null || !env.catalog().volumes().isEmpty()) {
                java.util.List<String> names = env.catalog().volumes().stream().map(v -> "volume:" + v.name()).toList();
                if (!partial) {
                    throw new dev.rollback.errors.IncompleteBackupException(names, "no container engine answered, so the "
                            + "project's volumes cannot be archived; nothing was written; start dockerd (or set "
                            + "DOCKER_HOST), leave them out with --no-volumes, or write the rest with --partial");
                }
                spec.commandLine().getErr().println("warning: no container engine answered: volumes are not in this "
                        + "backup (--partial)");
                backups.leavingOut(names);
            }
            return write(env, backups);
        } finally {
            rt.ifPresent(ContainerRuntime::close);
            secrets.ifPresent(dev.rollback.spi.SecretStore::close);
        }
    }

    private int write(Environment env, Backups backups) {
        Instant start = Instant.now();
        BackupSet set = backups.create();
        java.util.List<String> missing = backups.leftOut();
        int code = missing.isEmpty() ? ExitCode.SUCCESS : ExitCode.INCOMPLETE;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, set.manifest());
            return code;
        }
        long bytes = 0;
        for (BackupManifest.Artifact a : set.manifest().artifacts()) {
            out.printf("  %-14s %-24s %10d bytes%s%n", a.kind(), a.file(), a.size(), a.encrypted() ? ", encrypted"
                    : "");
            bytes += a.size();
        }
        out.printf("Backup %s: %d artifacts, %d bytes in %s, at %s%n", set.manifest().id(),
                set.manifest().artifacts().size(), bytes, Durations.format(Duration.between(start, Instant.now())),
                set.dir());
        out.flush();
        if (!missing.isEmpty()) {
            spec.commandLine().getErr().println("warning: partial backup " + set.manifest().id() + ": left out "
                    + String.join(", ", missing) + " (exit 6); it fails COMPLETENESS, and a rollback asking for "
                    + "these parts refuses it");
        }
        return code;
    }
}
