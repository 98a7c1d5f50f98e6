package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.ExitCode;
import dev.rollback.vault.VaultTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultCommandTest {
    final VaultTestServer vault = VaultTestServer.start();
    @TempDir
    Path tmp;
    Path home;
    Path keys;

    @BeforeEach
    void project() throws Exception {
        home = Files.createDirectories(tmp.resolve("project"));
        keys = tmp.resolve("vault-keys");
        Files.writeString(home.resolve("docker-compose.yml"), "services:\n  vault:\n    image: local/vault\n");
        Files.writeString(home.resolve(".env"), "VAULT_ADDR=" + vault.address() + "\n");
        Files.writeString(home.resolve("rollback.yaml"), "vault_key_dir: " + keys + "\n");
        writeKeys(keys, vault.keysJson(), vault.rootToken());
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    static void writeKeys(Path dir, String keysJson, String rootToken) throws Exception {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(dir.resolve("keys.json"), keysJson);
        Files.writeString(dir.resolve("root-token"), rootToken);
        for (String f : new String[] {"keys.json", "root-token"}) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-------"));
        }
    }

    CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-C";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    void assertNoSecret(CliRun r) {
        for (String k : vault.keysBase64()) {
            assertThat(r.out() + r.err()).doesNotContain(k);
        }
        assertThat(r.out() + r.err()).doesNotContain(vault.rootToken());
    }

    @Test
    void unsealThenStatusReportUnsealedWithoutPrintingAKeyOrToken() {
        vault.seal();

        CliRun unseal = run("vault", "unseal");
        CliRun status = run("vault", "status", "--json");

        assertThat(unseal.code()).isEqualTo(ExitCode.SUCCESS);
        assertThat(unseal.out()).contains("unsealed after 3 of 3 keys");
        assertThat(status.code()).isEqualTo(ExitCode.SUCCESS);
        assertThat(status.out()).contains("\"sealed\" : false").contains("\"healthState\" : \"ACTIVE\"");
        assertNoSecret(unseal);
        assertNoSecret(status);
    }

    @Test
    void unsealWithForeignKeysFailsWithExit1AndNamesTheRemedy() throws Exception {
        VaultTestServer other = VaultTestServer.start();
        writeKeys(keys, other.keysJson(), other.rootToken());
        other.close();
        vault.seal();

        CliRun r = run("vault", "unseal");

        assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).contains("do not match").contains("Vault volume");
        for (String k : other.keysBase64()) {
            assertThat(r.out() + r.err()).doesNotContain(k);
        }
    }

    @Test
    void keysVerifyFailsWithExit4OnRootTokenMismatch() throws Exception {
        Files.writeString(keys.resolve("root-token"), "hvs.notTheRootToken");

        CliRun r = run("vault", "keys", "verify");

        assertThat(r.code()).isEqualTo(ExitCode.VERIFICATION_FAILED);
        assertThat(r.out() + r.err()).contains("does not match the root_token").doesNotContain("notTheRootToken");
        assertNoSecret(r);
    }

    @Test
    void keysBackupThenRestoreKeepsTheCurrentDirectoryAside() throws Exception {
        Path backup = tmp.resolve("backup/vault-keys");
        assertThat(run("vault", "keys", "backup", backup.toString()).code()).isZero();
        Files.writeString(keys.resolve("keys.json"), "{ broken");

        CliRun dry = run("vault", "keys", "restore", backup.toString(), "--dry-run");
        CliRun r = run("vault", "keys", "restore", backup.toString());

        assertThat(dry.code()).isZero();
        assertThat(dry.out()).contains("moved aside");
        assertThat(r.code()).isZero();
        assertThat(Files.readString(keys.resolve("keys.json"))).isEqualTo(vault.keysJson());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("keys.json"))))
                .isEqualTo("rw-------");
        try (var s = Files.walk(home.resolve(".rollback"))) {
            assertThat(s.filter(p -> p.getFileName().toString().equals("keys.json")).toList())
                    .anySatisfy(p -> assertThat(Files.readString(p)).isEqualTo("{ broken"));
        }
        assertNoSecret(r);
    }

    @Test
    void statusOfAnUnreachableVaultFailsWithinTheTimeout() {
        CliRun r = run("vault", "status", "--address", "http://127.0.0.1:1", "--timeout", "1s");

        assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).contains("did not answer");
    }
}
