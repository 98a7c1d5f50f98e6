package dev.rollback.cli;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.backup.Passphrases;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * How commands name a backup set ({@code 20251114_085001}, {@code latest}, or a directory such as the runbook's
 * {@code backups/20251114_manual}) and find its passphrase.
 *
 * <p>{@code BackupSet set = SetArguments.find(env, "latest"); BackupKey key = SetArguments.key(env, set);}
 */
final class SetArguments {
    private SetArguments() {
    }

    /** The set named by {@code id} (null or {@code latest}: the newest). */
    static BackupSet find(Environment env, String id) {
        if (id == null || id.equals("latest")) {
            return Backups.in(env).list().stream().findFirst().orElseThrow(() -> new RollbackException(
                    "no backup set in " + env.backupRoot() + "; take one with: rollback backup"));
        }
        Path byId = env.backupRoot().resolve(id);
        if (Files.isDirectory(byId)) {
            return BackupSet.open(byId);
        }
        Path asPath = Path.of(id).toAbsolutePath();
        if (Files.isDirectory(asPath)) {
            return BackupSet.open(asPath);
        }
        throw new RollbackException("no backup set '" + id + "' in " + env.backupRoot() + "; list them with: "
                + "rollback backups");
    }

    /** The passphrase for encryption, or a usage error saying where to put it. */
    static char[] passphrase(Environment env, String why) {
        return Passphrases.read(env.vaultKeyDir().resolve(Passphrases.FILE), System.getenv())
                .orElseThrow(() -> new UsageException(why + " needs a passphrase: set " + Passphrases.VARIABLE
                        + " or write it to " + env.vaultKeyDir().resolve(Passphrases.FILE) + " (chmod 600)"));
    }

    /** The set's key when it is encrypted, else null. */
    static BackupKey key(Environment env, BackupSet set) {
        if (set.manifest().encryption() == null) {
            return null;
        }
        char[] pass = passphrase(env, "backup set " + set.manifest().id() + " is encrypted and");
        try {
            return set.key(pass);
        } finally {
            Arrays.fill(pass, '\0');
        }
    }
}
