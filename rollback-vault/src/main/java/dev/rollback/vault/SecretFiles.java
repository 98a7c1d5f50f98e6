package dev.rollback.vault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Tells which files of the key directory hold secrets: every file (keys.json, root-token, an AppRole's role-id and
 * secret-id, a private key) except a certificate, a file of PEM {@code CERTIFICATE} blocks only, which is public.
 * The content is only matched, never printed.
 *
 * <p>{@code if (SecretFiles.holdsSecrets(file) && SecureFiles.isOpenToOthers(file)) refuse("chmod 600 " + file);}
 */
final class SecretFiles {
    /** Larger files are taken as secrets without reading them through: no certificate chain is this large. */
    private static final int MAX_CERTIFICATE_BYTES = 1024 * 1024;

    private static final Pattern CERTIFICATES =
            Pattern.compile("\\s*+(-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]*+-----END CERTIFICATE-----\\s*+)++");

    private SecretFiles() {}

    /** Whether the file may hold a secret: true unless it holds PEM certificates and nothing else. */
    static boolean holdsSecrets(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_CERTIFICATE_BYTES + 1);
        } catch (IOException e) {
            return true;
        }
        return bytes.length > MAX_CERTIFICATE_BYTES
                || !CERTIFICATES
                        .matcher(new String(bytes, StandardCharsets.US_ASCII))
                        .matches();
    }
}
