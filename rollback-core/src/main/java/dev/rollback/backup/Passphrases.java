package dev.rollback.backup;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * Where the backup passphrase comes from: the environment variable {@code ROLLBACK_BACKUP_PASSPHRASE}, or a file
 * (default {@code <vault key dir>/backup-passphrase}) that only its owner may read. Never a command-line argument.
 *
 * <p>{@code char[] p = Passphrases.read(env.vaultKeyDir().resolve(Passphrases.FILE), System.getenv()).orElseThrow();}
 */
public final class Passphrases {
    /** The environment variable. */
    public static final String VARIABLE = "ROLLBACK_BACKUP_PASSPHRASE";
    /** The default file name, in the Vault key directory. */
    public static final String FILE = "backup-passphrase";

    private Passphrases() {}

    /**
     * The passphrase from the variable, else from the file; empty when neither is there.
     *
     * @throws RollbackException when the variable holds only whitespace, or the file is readable by group or
     *                           others, or empty
     */
    public static Optional<char[]> read(Path file, Map<String, String> environment) {
        String fromEnv = environment.get(VARIABLE);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            if (fromEnv.isBlank()) {
                throw new RollbackException(VARIABLE + " holds only whitespace: that is no passphrase; set the "
                        + "backup's passphrase in it, or unset it to use the file " + file);
            }
            return Optional.of(fromEnv.toCharArray());
        }
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (SecureFiles.isOpenToOthers(file)) {
                throw new RollbackException("the passphrase file " + file + " is readable by others (mode "
                        + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                        + "); run: chmod 600 " + file);
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new RollbackException("the passphrase file " + file + " is empty");
            }
            return Optional.of(text.toCharArray());
        } catch (IOException e) {
            throw new RollbackException("cannot read the passphrase file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The environment's passphrase: the variable of this process, else {@code <vault key dir>/backup-passphrase};
     * without either, a usage error saying where to put it, {@code what} naming what needs it ({@code --encrypt}).
     * The caller clears the array after use.
     */
    public static char[] require(Environment env, String what) {
        Path file = env.vaultKeyDir().resolve(FILE);
        return read(file, System.getenv())
                .orElseThrow(() -> new UsageException(
                        what + " needs a passphrase: set " + VARIABLE + " or write it to " + file + " (chmod 600)"));
    }
}
