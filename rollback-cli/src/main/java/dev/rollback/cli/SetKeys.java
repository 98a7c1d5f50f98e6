package dev.rollback.cli;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Passphrases;
import dev.rollback.env.Environment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The key of an encrypted backup set a command only reads some parts of: from the environment's passphrase
 * ({@code ROLLBACK_BACKUP_PASSPHRASE}, else {@code <vault key dir>/backup-passphrase}) when there is one; without
 * one, a note on stderr saying where to put it, and no key (what needs it is skipped, never passed). The passphrase
 * is cleared after use and never printed.
 *
 * <p>{@code BackupKey key = SetKeys.forReading(env, set, err); // null when the set is not encrypted}
 */
final class SetKeys {
    private SetKeys() {}

    /** The set's key, or null when it is not encrypted or no passphrase is there (then a note on {@code err}). */
    static BackupKey forReading(Environment env, BackupSet set, PrintWriter err) {
        if (set.manifest().encryption() == null) {
            return null;
        }
        Path file = env.vaultKeyDir().resolve(Passphrases.FILE);
        Optional<char[]> pass = Passphrases.read(file, System.getenv());
        if (pass.isEmpty()) {
            err.println("note: backup set " + set.manifest().id() + " is encrypted and no passphrase is set: its .env"
                    + " and Vault key files are not compared; set " + Passphrases.VARIABLE + " or write it to "
                    + file + " (chmod 600)");
            err.flush();
            return null;
        }
        try {
            return set.key(pass.get());
        } finally {
            Arrays.fill(pass.get(), '\0');
        }
    }
}
