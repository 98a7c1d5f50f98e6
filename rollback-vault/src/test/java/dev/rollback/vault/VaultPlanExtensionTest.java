package dev.rollback.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupWriter;
import dev.rollback.env.Environment;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.Scope;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Step;
import dev.rollback.spi.PlanExtensions;
import dev.rollback.vault.server.VaultApiServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "Vault sealed after rollback" extension, run as the steps of a plan against the test server. */
class VaultPlanExtensionTest {
    static final String COMPOSE = "services:\n  vault:\n    image: local/vault\n    volumes:\n"
            + "      - vault_data:/vault/data\n  postgres:\n    image: local/postgres:15\nvolumes:\n  vault_data:\n";
    final VaultApiServer vault = VaultApiServer.start();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        vault.close();
    }

    Environment env(String compose, Path keys) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("devstack-core"));
        Files.writeString(home.resolve("docker-compose.yml"), compose);
        return Environment.custom(home)
                .withVaultKeyDir(keys)
                .withBackupRoot(tmp.resolve("backups"))
                .withProcessEnvironment(Map.of("VAULT_ADDR", vault.address()))
                .build();
    }

    RollbackPlan plan(Environment env) {
        List<Step> steps = new VaultPlanExtension().afterVaultStarted(env, Scope.FULL);
        return new RollbackPlan(env, Scope.FULL, "after the restart", steps, RunSettings.ofDefaults());
    }

    @Test
    void sealedVaultIsUnsealedAfterTheRestart() throws Exception {
        Environment env = env(COMPOSE, KeyDirs.write(tmp.resolve("vault"), vault));
        vault.seal();

        var result = plan(env).execute();

        assertThat(result.succeeded()).isTrue();
        assertThat(vault.sealed()).isFalse();
        assertThat(result.steps().get(0).details())
                .anySatisfy(n -> assertThat(n).contains("unsealed after 3 of 3"));
    }

    @Test
    void anUnsealedVaultNeedsNoKeysAndOnlyAWarningWhenTheyAreMissing() throws Exception {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        Files.delete(keys.resolve("keys.json"));
        RollbackPlan plan = plan(env(COMPOSE, keys));

        List<Problem> problems = plan.preflight();
        var result = plan.execute();

        assertThat(problems)
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.blocking()).isFalse());
        assertThat(problems.get(0).found()).contains("keys.json is missing").contains("cannot be unsealed");
        assertThat(result.succeeded()).isTrue();
        assertThat(result.steps().get(0).details())
                .anySatisfy(n -> assertThat(n).contains("unsealed already"));
        assertThat(vault.unsealCalls()).isZero();
    }

    @Test
    void wrongKeysSayVaultStaysSealedAndOfferTheVolumeFromTheLatestBackupSet() throws Exception {
        VaultApiServer other = VaultApiServer.start();
        Path keys = KeyDirs.write(tmp.resolve("vault"), other);
        other.close();
        Environment env = env(COMPOSE, keys);
        backupSetWithVolume(env, "20250101_000000", "devstack-core_vault_data");
        backupSetWithVolume(env, "20250102_000000", "devstack-core_vault_data");
        backupSetWithVolume(env, "20250103_000000", "devstack-core_postgres_data");
        vault.seal();

        assertThatThrownBy(() -> plan(env).execute())
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("Vault at " + vault.address() + " is sealed and unsealing failed")
                .hasMessageContaining("do not match")
                .hasMessageContaining("restore the Vault volume devstack-core_vault_data from the latest backup set "
                        + "holding it, 20250102_000000")
                .hasMessageContaining("rollback backups")
                .hasMessageContaining("rollback vault unseal")
                .satisfies(e -> vault.keysBase64()
                        .forEach(k -> assertThat(e.getMessage()).doesNotContain(k)));
        assertThat(vault.sealed()).isTrue();
    }

    @Test
    void withoutABackupSetTheAdviceSaysNoneHoldsTheVolume() throws Exception {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        Files.writeString(
                keys.resolve("keys.json"),
                "{\"unseal_keys_b64\":[\"a\"],\"root_token\":\"" + vault.rootToken() + "\"}");
        vault.seal();

        assertThatThrownBy(() -> plan(env(COMPOSE, keys)).execute())
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("holds 1 unseal keys but Vault at " + vault.address() + " needs 3")
                .hasMessageContaining("none in " + tmp.resolve("backups") + " holds it yet");
    }

    @Test
    void nothingWithoutAVaultServiceOrForAConfigRollbackButAnUnsealEvenBeforeTheKeysAreBack() throws Exception {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        VaultPlanExtension x = new VaultPlanExtension();

        assertThat(x.afterVaultStarted(env("services:\n  postgres:\n    image: local/postgres:15\n", keys), Scope.FULL))
                .isEmpty();
        // a backup set may put the key directory back in an earlier step of the same plan
        assertThat(x.afterVaultStarted(env(COMPOSE, tmp.resolve("no-such-dir")), Scope.FULL))
                .extracting(Step::name)
                .containsExactly("vault-unseal");
        assertThat(x.afterVaultStarted(env(COMPOSE, keys), Scope.CONFIG)).isEmpty();
        assertThat(x.afterVaultStarted(env(COMPOSE, keys), Scope.SERVICE))
                .extracting(Step::name)
                .containsExactly("vault-unseal");
    }

    @Test
    void foundThroughServiceLoader() throws Exception {
        Environment env = env(COMPOSE, KeyDirs.write(tmp.resolve("vault"), vault));

        assertThat(PlanExtensions.afterVaultStarted(env, Scope.FULL))
                .extracting(Step::name)
                .contains("vault-unseal");
    }

    static void backupSetWithVolume(Environment env, String id, String volume) {
        try (BackupWriter w = BackupWriter.create(env.backupRoot(), id, null, null, 3)) {
            w.add(
                    "volume",
                    volume,
                    "volume-" + volume + ".tar.zst",
                    "test",
                    out -> out.write("tar".getBytes(StandardCharsets.UTF_8)),
                    Map.of());
            w.commit(
                    new BackupManifest.EnvironmentInfo(env.projectName(), "x"),
                    new BackupManifest.GitInfo(null, null, false),
                    Instant.parse(
                            id.substring(0, 4) + "-" + id.substring(4, 6) + "-" + id.substring(6, 8) + "T00:00:00Z"),
                    "test");
        }
    }
}
