package dev.rollback.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.Problem;
import dev.rollback.errors.UsageException;
import dev.rollback.io.FileTrees;
import dev.rollback.vault.server.VaultApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDirectoryTest {
    final VaultApiServer vault = VaultApiServer.start();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        vault.close();
    }

    @Test
    void aCompleteDirectoryVerifies() {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);

        assertThat(KeyDirectory.of(dir).verify()).isEmpty();
    }

    @Test
    void missingKeysJsonBlocks() throws Exception {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);
        Files.delete(dir.resolve("keys.json"));

        assertThat(KeyDirectory.of(dir).verify())
                .anySatisfy(p -> assertThat(p.toString()).contains("keys.json is " + "missing"))
                .allMatch(Problem::blocking);
    }

    @Test
    void truncatedKeysJsonBlocksWithoutQuotingIt() throws Exception {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);
        Files.writeString(dir.resolve("keys.json"), vault.keysJson().substring(0, 60));

        List<Problem> problems = KeyDirectory.of(dir).verify();

        assertThat(problems).anySatisfy(p -> assertThat(p.found()).contains("not valid JSON"));
        assertThat(problems.toString()).doesNotContain(vault.keysBase64().get(0).substring(0, 8));
    }

    @Test
    void tooFewKeysBlock() {
        String two = "{\"unseal_keys_b64\":[\"a\",\"b\"],\"root_token\":\"" + vault.rootToken() + "\"}";
        Path dir = KeyDirs.write(tmp.resolve("vault"), two, vault.rootToken());

        assertThat(KeyDirectory.of(dir).verify())
                .anySatisfy(p -> assertThat(p.found()).contains("holds 2 unseal keys, fewer than the threshold of 3"));
    }

    @Test
    void rootTokenThatDiffersFromKeysJsonBlocksWithoutShowingEither() {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault.keysJson(), "hvs.someOtherToken");

        List<Problem> problems = KeyDirectory.of(dir).verify();

        assertThat(problems).anySatisfy(p -> assertThat(p.found()).contains("does not match the root_token"));
        assertThat(problems.toString()).doesNotContain(vault.rootToken()).doesNotContain("someOtherToken");
    }

    @Test
    void aWorldReadableKeysJsonIsRefusedNamingTheChmodToRun() throws Exception {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);
        Files.setPosixFilePermissions(dir.resolve("keys.json"), PosixFilePermissions.fromString("rw-r--r--"));

        List<Problem> problems = KeyDirectory.of(dir).verify();

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.blocking()).isTrue();
            assertThat(p.found()).startsWith(dir.resolve("keys.json") + " holds secrets and has mode rw-r--r--");
            assertThat(p.advice()).isEqualTo("chmod 600 " + dir.resolve("keys.json"));
        });
        assertThat(problems.toString())
                .doesNotContain(vault.rootToken())
                .doesNotContain(vault.keysBase64().get(0).substring(0, 8));
    }

    @Test
    void aGroupReadableRootTokenOrSecretIdIsRefusedEach() throws Exception {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);
        Path secretId = dir.resolve("approles/postgres/secret-id");
        Files.setPosixFilePermissions(dir.resolve("root-token"), PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(secretId, PosixFilePermissions.fromString("rw----r--"));

        List<Problem> problems = KeyDirectory.of(dir).verify();

        assertThat(problems)
                .allMatch(Problem::blocking)
                .extracting(Problem::advice)
                .containsExactlyInAnyOrder("chmod 600 " + dir.resolve("root-token"), "chmod 600 " + secretId);
    }

    @Test
    void anOpenDirectoryOrCertificateIsAWarningWithItsOwnChmod() throws Exception {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("ca/ca-chain.pem"), PosixFilePermissions.fromString("rw-r--r--"));

        List<Problem> problems = KeyDirectory.of(dir).verify();

        assertThat(problems)
                .noneMatch(Problem::blocking)
                .extracting(Problem::advice)
                .containsExactlyInAnyOrder("chmod 700 " + dir, "chmod 600 " + dir.resolve("ca/ca-chain.pem"));
    }

    @Test
    void aReadableFileOfAPrivateKeyIsRefusedThoughItIsAPemFile() throws Exception {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);
        Path key = dir.resolve("certs/postgres/key.pem");
        KeyDirs.file(key, "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(KeyDirectory.of(dir).verify()).singleElement().satisfies(p -> {
            assertThat(p.blocking()).isTrue();
            assertThat(p.advice()).isEqualTo("chmod 600 " + key);
        });
    }

    @Test
    void aBackupIntoAFolderOfTheKeyDirectoryIsRefusedBeforeCopyingAnything() throws Exception {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);
        Map<String, String> before = FileTrees.checksums(dir);
        List<Path> entriesBefore = entries(dir);

        for (Path target : List.of(dir.resolve("backup"), dir.resolve("approles/copy"), dir)) {
            assertThatThrownBy(() -> KeyDirectory.of(dir).backup(target))
                    .isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("will not back up the Vault key directory " + dir + " to " + target)
                    .hasMessageContaining("nothing was copied; name a new directory outside " + dir);
        }

        assertThat(FileTrees.checksums(dir)).isEqualTo(before);
        assertThat(entries(dir)).isEqualTo(entriesBefore);
    }

    @Test
    void aBackupThroughASymbolicLinkIntoTheKeyDirectoryIsRefused() throws Exception {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir.resolve("approles"));
        Map<String, String> before = FileTrees.checksums(dir);

        assertThatThrownBy(() -> KeyDirectory.of(dir).backup(link.resolve("copy")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("so the copy would copy itself");

        assertThat(FileTrees.checksums(dir)).isEqualTo(before);
        assertThat(entries(dir)).doesNotContain(dir.resolve("approles/copy"));
    }

    @Test
    void aBackupNextToTheKeyDirectoryWithASharedNamePrefixIsAllowed() {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);

        assertThat(KeyDirectory.of(dir).backup(tmp.resolve("vault-backup"))).isEqualTo(6);
    }

    private static List<Path> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void backupKeepsModesAndContent() throws Exception {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);

        int n = KeyDirectory.of(dir).backup(tmp.resolve("backups/vault-keys"));

        Path copy = tmp.resolve("backups/vault-keys");
        assertThat(n).isEqualTo(6);
        assertThat(FileTrees.checksums(copy)).isEqualTo(FileTrees.checksums(dir));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("keys.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)))
                .isEqualTo("rwx------");
        assertThat(KeyDirectory.of(copy).verify()).isEmpty();
    }

    @Test
    void aKeyDirectoryThatIsALinkIsFollowedAndAnEmptyOneIsNeverCopied() throws Exception {
        Path real = KeyDirs.write(tmp.resolve("synced/vault"), vault);
        Path link = Files.createSymbolicLink(tmp.resolve("vault"), real);

        int n = KeyDirectory.of(link).backup(tmp.resolve("backups/vault-keys"));

        Path copy = tmp.resolve("backups/vault-keys");
        assertThat(n).isEqualTo(6);
        assertThat(Files.isSymbolicLink(copy)).isFalse();
        assertThat(FileTrees.checksums(copy)).isEqualTo(FileTrees.checksums(real));
        Path empty = Files.createDirectories(tmp.resolve("empty/vault"));
        assertThatThrownBy(() -> KeyDirectory.of(empty).backup(tmp.resolve("backups/empty")))
                .hasMessageContaining("holds no file");
        assertThat(tmp.resolve("backups/empty")).doesNotExist();
    }
}
