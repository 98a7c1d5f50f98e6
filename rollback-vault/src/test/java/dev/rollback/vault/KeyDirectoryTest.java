package dev.rollback.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.plan.Problem;
import dev.rollback.io.FileTrees;
import dev.rollback.vault.server.VaultApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

        assertThat(KeyDirectory.of(dir).verify()).anySatisfy(p -> assertThat(p.toString()).contains("keys.json is "
                + "missing")).allMatch(Problem::blocking);
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

        assertThat(KeyDirectory.of(dir).verify()).anySatisfy(p -> assertThat(p.found())
                .contains("holds 2 unseal keys, fewer than the threshold of 3"));
    }

    @Test
    void rootTokenThatDiffersFromKeysJsonBlocksWithoutShowingEither() {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault.keysJson(), "hvs.someOtherToken");

        List<Problem> problems = KeyDirectory.of(dir).verify();

        assertThat(problems).anySatisfy(p -> assertThat(p.found()).contains("does not match the root_token"));
        assertThat(problems.toString()).doesNotContain(vault.rootToken()).doesNotContain("someOtherToken");
    }

    @Test
    void looseModesAreFlagged() throws Exception {
        Path dir = KeyDirs.write(tmp.resolve("vault"), vault);
        Files.setPosixFilePermissions(dir.resolve("keys.json"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(KeyDirectory.of(dir).verify()).singleElement().satisfies(p -> {
            assertThat(p.blocking()).isFalse();
            assertThat(p.advice()).isEqualTo("chmod 600 " + dir.resolve("keys.json"));
        });
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
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rwx------");
        assertThat(KeyDirectory.of(copy).verify()).isEmpty();
    }
}
