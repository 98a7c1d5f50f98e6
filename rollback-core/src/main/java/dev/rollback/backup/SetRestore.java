package dev.rollback.backup;

import dev.rollback.backup.BackupManifest.Artifact;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.FileTrees;
import dev.rollback.io.SecureFiles;
import dev.rollback.plan.Step;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.BackupContributors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a full rollback takes from a backup set: the Vault key directory and {@code .env} unpacked into a private
 * scratch folder (removed on {@link #close()}), a restore step per volume, and the contributors' restore steps for
 * database dumps and the Vault KV export.
 *
 * <p>{@code try (SetRestore r = SetRestore.open(set, key)) { r.vaultKeys().ifPresent(...); }}
 */
public final class SetRestore implements AutoCloseable {
    private final BackupSet set;
    private final BackupKey key;
    private final Path scratch;

    private SetRestore(BackupSet set, BackupKey key, Path scratch) {
        this.set = set;
        this.key = key;
        this.scratch = scratch;
    }

    /**
     * Opens the set for restoring; {@code key} is null for an unencrypted set. Its decrypted {@code .env} and keys go
     * into a private scratch folder in the system's temporary directory: prefer {@link #open(BackupSet, BackupKey,
     * Path)} with the environment's state directory.
     */
    public static SetRestore open(BackupSet set, BackupKey key) {
        return open(set, key, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Opens the set for restoring, its scratch folder ({@code restore-<pid>-<n>}, 0700) in {@code parent} (the
     * environment's {@code .rollback/}, never shared): decrypted keys and {@code .env} never land in a shared
     * temporary directory. Scratch folders a dead process left there (a kill -9) are removed first.
     */
    public static SetRestore open(BackupSet set, BackupKey key, Path parent) {
        try {
            SecureFiles.createPrivateDirectories(parent);
            removeLeftovers(parent);
            Path scratch = Files.createTempDirectory(
                    parent, PREFIX + ProcessHandle.current().pid() + "-");
            SecureFiles.makePrivate(scratch);
            return new SetRestore(set, key, scratch);
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot make a scratch folder in " + parent + " to restore backup "
                            + set.manifest().id() + ": " + e.getMessage(),
                    e);
        }
    }

    private static final String PREFIX = "restore-";

    /** Removes the scratch folders in {@code parent} whose process is gone. */
    static void removeLeftovers(Path parent) throws IOException {
        try (Stream<Path> all = Files.list(parent)) {
            for (Path d : all.filter(Files::isDirectory).toList()) {
                String name = d.getFileName().toString();
                if (!name.startsWith(PREFIX)) {
                    continue;
                }
                String[] parts = name.substring(PREFIX.length()).split("-", 2);
                try {
                    long pid = Long.parseLong(parts[0]);
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (NumberFormatException e) {
                    continue; // not one of ours
                }
                FileTrees.delete(d);
            }
        }
    }

    public BackupSet set() {
        return set;
    }

    /** The set's Vault key directory, unpacked (modes kept), or empty when the set has none. */
    public Optional<Path> vaultKeys() {
        return artifact("vault-keys").map(a -> unpack(a, "vault-keys", true));
    }

    /** The set's {@code .env}, as a private file, or empty when the set has none. */
    public Optional<Path> envFile() {
        return artifact("env").map(a -> unpack(a, "env", false));
    }

    /**
     * The step that restores every volume artifact (empty when the set holds none); the services using them must be
     * stopped first, by an earlier step that stops {@code stoppedFirst}.
     */
    public Optional<Step> volumeStep(Collection<String> stoppedFirst) {
        List<Artifact> volumes = set.manifest().artifacts().stream()
                .filter(a -> a.kind().equals("volume"))
                .toList();
        return volumes.isEmpty()
                ? Optional.empty()
                : Optional.of(new VolumeRestoreStep(set, volumes, key, stoppedFirst));
    }

    /**
     * The contributors' restore steps for artifacts of the given kinds ({@code db-dump}, {@code vault-kv}); an
     * artifact no contributor restores is an error naming the module to add.
     */
    public List<Step> contributedSteps(BackupContext ctx, List<String> kinds) {
        List<BackupContributor> contributors = BackupContributors.all();
        List<Step> out = new ArrayList<>();
        for (Artifact a : set.manifest().artifacts()) {
            if (!kinds.contains(a.kind())) {
                continue;
            }
            BackupContributor c = BackupContributors.forKind(contributors, a.kind())
                    .orElseThrow(
                            () -> new RollbackException(
                                    "backup " + set.manifest().id() + " holds " + a.kind() + " " + a.file()
                                            + " and no module on the class path restores it; add rollback-databases / rollback-vault"));
            out.add(c.restoreStep(ctx, BackupSet.info(a), set.source(a, key))
                    .orElseThrow(() -> new RollbackException(a.kind() + " " + a.file()
                            + " cannot be restored in place by " + c.getClass().getSimpleName())));
        }
        return out;
    }

    private Optional<Artifact> artifact(String kind) {
        return set.manifest().artifact(kind);
    }

    /**
     * Unpacks into the scratch folder. An artifact that cannot be read leaves nothing there: the plan's
     * {@link BackupCheckStep} then refuses it at preflight with the reason, and the restore step finds no source.
     */
    private Path unpack(Artifact a, String name, boolean directory) {
        Path target = scratch.resolve(name);
        if (a.encrypted() && key == null) {
            return target;
        }
        try (InputStream in = set.content(a, key)) {
            if (directory) {
                KeyDirectoryTar.extract(in, target);
            } else {
                try (OutputStream out = Files.newOutputStream(target)) {
                    SecureFiles.makePrivate(target);
                    in.transferTo(out);
                }
            }
            return target;
        } catch (IOException | RuntimeException e) {
            try {
                FileTrees.delete(target);
            } catch (IOException ignored) {
                // the scratch folder goes as a whole on close
            }
            return target;
        }
    }

    /** Removes the scratch folder. */
    @Override
    public void close() {
        try {
            FileTrees.delete(scratch);
        } catch (IOException e) {
            throw new RollbackException("cannot remove the scratch folder " + scratch + "; remove it by hand", e);
        }
    }
}
