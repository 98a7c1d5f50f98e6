package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.errors.ExitCode;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.vault.server.VaultApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {
    static final String PASS = "cli test passphrase, long enough";
    final VaultApiServer vault = VaultApiServer.start();

    @TempDir
    Path tmp;

    ProjectFixture p;
    String home;

    @AfterEach
    void stopVault() {
        vault.close();
    }

    /**
     * The fixture with only its Vault service (a complete backup then needs git, .env, keys and the KV export, not
     * database servers) and Vault's test server holding a secret.
     */
    @BeforeEach
    void project() throws Exception {
        p = ProjectFixture.create(tmp);
        home = p.home().toString();
        p.write("docker-compose.yml", "services:\n  vault:\n    image: local/vault\n");
        p.write(".env", p.read(".env") + "VAULT_ADDR=" + vault.address() + "\n");
        VaultCommandTest.writeKeys(p.keyDir(), vault.keysJson(), vault.rootToken());
        vault.put("secret/postgres", Map.of("user", "devuser", "password", "pg-secret-value"));
        p.write("rollback.yaml", "vault_key_dir: " + p.keyDir() + "\n");
        Path f = p.keyDir().resolve("backup-passphrase");
        Files.writeString(f, PASS + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void encryptedBackupIsListedAndVerifiesToTheEnd() {
        CliRun backup = CliRun.of("-C", home, "backup", "--encrypt");
        CliRun list = CliRun.of("-C", home, "backups");
        CliRun verify = CliRun.of("-C", home, "verify");

        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("vault-keys", "encrypted", "Backup ");
        assertThat(list.out()).contains("encrypted");
        assertThat(verify.code()).as(verify.out() + verify.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(verify.out())
                .contains(
                        "✓ decrypt env.zst",
                        "✓ decrypt vault-keys.tar.zst",
                        "✓ decrypt vault-kv-vault.json.zst",
                        "✓ completeness vault-kv:vault",
                        "PASSED");
        assertThat(backup.out() + backup.err() + verify.out() + verify.err())
                .doesNotContain(PASS)
                .doesNotContain("pg-secret-value");
    }

    @Test
    void aCorruptedArtifactFailsVerificationWithExit4() throws Exception {
        CliRun.of("-C", home, "backup");
        Path set;
        try (var sets = Files.list(p.home().resolve("backups"))) {
            set = sets.findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(set.resolve("env.zst"));
        b[b.length - 3] ^= 1;
        Files.write(set.resolve("env.zst"), b);

        CliRun verify = CliRun.of("-C", home, "verify", set.getFileName().toString(), "--level", "checksums");

        assertThat(verify.code()).isEqualTo(ExitCode.VERIFICATION_FAILED);
        assertThat(verify.out()).contains("✗ checksums env.zst: stored bytes differ");
    }

    @Test
    void verifyWithoutAnyBackupSaysHowToTakeOne() {
        CliRun verify = CliRun.of("-C", home, "verify");

        assertThat(verify.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(verify.err()).contains("no backup set", "rollback backup");
    }

    @Test
    void pruneKeepsTheNewestVerifiedSetAndSaysWhatItDeleted() throws Exception {
        for (int i = 0; i < 3; i++) {
            CliRun.of("-C", home, "backup"); // same second: ids get -2, -3, still newest last by name
        }
        List<Path> sets;
        try (var s = Files.list(p.home().resolve("backups"))) {
            sets = s.sorted().toList();
        }
        CliRun.of("-C", home, "verify", sets.get(0).getFileName().toString(), "--level", "checksums");

        CliRun dry = CliRun.of("-C", home, "backups", "prune", "--keep", "1", "--dry-run");
        CliRun list = CliRun.of("-C", home, "backups");
        CliRun prune = CliRun.of("-C", home, "backups", "prune", "--keep", "1");

        assertThat(dry.out())
                .contains("Would delete 1 backup set(s): " + sets.get(1).getFileName());
        assertThat(list.out()).contains("verified checksums ok", "not verified");
        assertThat(prune.out()).contains("Deleted 1 backup set(s)");
        assertThat(sets.get(0)).exists();
        assertThat(sets.get(1)).doesNotExist();
        assertThat(sets.get(2)).exists();
    }

    @Test
    void whatAStoppedBackupLeftIsListedAsInterruptedAndPruned() throws Exception {
        CliRun.of("-C", home, "backup");
        Path stopped = Files.createDirectories(p.home().resolve("backups/20250101_000000.partial"));
        Files.write(stopped.resolve("volume-data.tar.zst"), new byte[4096]);
        Files.createFile(stopped.resolve(".writer.lock")); // its writer is gone: nobody holds the lock

        CliRun list = CliRun.of("-C", home, "backups");
        CliRun dry = CliRun.of("-C", home, "backups", "prune", "--keep", "5", "--dry-run");
        assertThat(stopped).isDirectory();
        CliRun prune = CliRun.of("-C", home, "backups", "prune", "--keep", "5");

        assertThat(list.out())
                .contains("20250101_000000.partial", "4096 bytes", "interrupted", "rollback backups prune");
        assertThat(dry.out()).contains("Would delete 1 backup set(s): 20250101_000000.partial");
        assertThat(prune.out()).contains("Deleted 1 backup set(s): 20250101_000000.partial");
        assertThat(stopped).doesNotExist();
        assertThat(CliRun.of("-C", home, "backups").out()).doesNotContain("interrupted");
    }

    @Test
    void fullRollbackFromTheLatestEncryptedSetBringsBackKeysAndEnv() throws Exception {
        CliRun backup = CliRun.of("-C", home, "backup", "--encrypt", "--no-databases");
        String env = p.read(".env");
        p.write(".env", env.replace("POSTGRES_ENABLE_TLS=true", "POSTGRES_ENABLE_TLS=maybe"));
        Files.writeString(p.keyDir().resolve("root-token"), "hvs.rotated\n");

        CliRun dry =
                CliRun.of("-C", home, "full", "--to", p.baseline().shortId(), "--from-backup", "latest", "--dry-run");
        CliRun full = CliRun.of("-C", home, "full", "--to", p.baseline().shortId(), "--from-backup", "latest");

        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("backup-check", "vault-keys", "env-restore", "Dry run: nothing was changed.");
        assertThat(full.code()).as(full.out() + full.err()).isZero();
        assertThat(p.read(".env")).isEqualTo(env);
        assertThat(p.keyDir().resolve("root-token")).content().doesNotContain("hvs.rotated");
        assertThat(full.out() + full.err() + dry.out()).doesNotContain(PASS);
    }

    @Test
    void theSeedsManualLayoutVerifiesByItsDirectory() throws Exception {
        Path manual = p.home().resolve("backups/20251114_manual");
        Files.createDirectories(manual);
        Files.copy(p.home().resolve(".env"), manual.resolve("env_backup"));

        CliRun verify = CliRun.of("-C", home, "verify", manual.toString());
        CliRun list = CliRun.of("-C", home, "backups");

        assertThat(verify.code())
                .as("the runbook never kept git state or keys: incomplete")
                .isEqualTo(ExitCode.VERIFICATION_FAILED);
        assertThat(verify.out()).contains("✓ decrypt env_backup", "✗ completeness git-head", "FAILED 20251114_manual");
        assertThat(list.out()).contains("20251114_manual", "older layout (runbook manual layout)");
    }

    @Test
    void volumesWithoutABackupSetIsAUsageError() {
        CliRun full = CliRun.of("-C", home, "full", "--to", p.baseline().shortId(), "--volumes");

        assertThat(full.code()).isEqualTo(ExitCode.USAGE);
        assertThat(full.err()).contains("--from-backup");
    }
}
