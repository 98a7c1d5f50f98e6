package dev.rollback.vault;

import dev.rollback.io.SecureFiles;
import dev.rollback.vault.server.VaultApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Real key directories for tests, laid out as DevStack Core's {@code ~/.config/vault}. */
final class KeyDirs {
    private KeyDirs() {}

    /** keys.json and root-token of {@code vault}, ca/, certs/postgres/, approles/postgres/ with role-id rid. */
    static Path write(Path dir, VaultApiServer vault) {
        return write(dir, vault.keysJson(), vault.rootToken());
    }

    static Path write(Path dir, String keysJson, String rootToken) {
        try {
            SecureFiles.createPrivateDirectories(dir);
            file(dir.resolve("keys.json"), keysJson);
            file(dir.resolve("root-token"), rootToken + "\n");
            file(dir.resolve("ca/ca-chain.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
            file(dir.resolve("certs/postgres/cert.pem"), "cert");
            file(dir.resolve("approles/postgres/role-id"), "rid\n");
            file(dir.resolve("approles/postgres/secret-id"), "sid\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void file(Path f, String text) throws IOException {
        SecureFiles.createPrivateDirectories(f.getParent());
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }
}
