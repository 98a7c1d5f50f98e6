package dev.rollback.backup;

import dev.rollback.errors.RollbackException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key of one backup set, derived from a passphrase with PBKDF2-HMAC-SHA256 and the set's own salt.
 *
 * <p>{@code BackupKey key = BackupKey.derive(passphrase, BackupKey.newSalt(), BackupKey.ITERATIONS);}
 */
public final class BackupKey {
    /** The KDF's name as recorded in manifests. */
    public static final String KDF = "PBKDF2WithHmacSHA256";
    /** Iterations for new sets (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
    public static final int ITERATIONS = 600_000;

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKey key;

    private BackupKey(SecretKey key) {
        this.key = key;
    }

    /** 16 random bytes. */
    public static byte[] newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** Derives the key; the passphrase array is not kept. */
    public static BackupKey derive(char[] passphrase, byte[] salt, int iterations) {
        if (passphrase.length == 0) {
            throw new RollbackException(
                    "the backup passphrase is empty; put a long random one in the passphrase " + "file");
        }
        JitWarmUp.startCrypto(); // on the other core while PBKDF2 runs here
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
        try {
            byte[] raw = SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
            SecretKey k = new SecretKeySpec(raw, "AES");
            Arrays.fill(raw, (byte) 0);
            return new BackupKey(k);
        } catch (GeneralSecurityException e) {
            throw new RollbackException("cannot derive the backup key (" + KDF + "): " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }

    SecretKey secretKey() {
        return key;
    }

    @Override
    public String toString() {
        return "BackupKey[AES-256, not shown]";
    }
}
