package dev.rollback.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.Scope;
import dev.rollback.io.Sleeper;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.testing.FakeTime;
import dev.rollback.vault.server.VaultApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsealStepTest {
    final VaultApiServer vault = VaultApiServer.start();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        vault.close();
    }

    RollbackPlan plan(Path keys) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(home.resolve("docker-compose.yml"), "services:\n  vault:\n    image: local/vault\n");
        Environment env = Environment.custom(home)
                .withVaultKeyDir(keys)
                .withProcessEnvironment(Map.of())
                .build();
        VaultSettings s = VaultSettings.of(Map.of("VAULT_ADDR", vault.address()), keys);
        return new RollbackPlan(
                env,
                Scope.SERVICE,
                "unseal",
                List.of(new UnsealStep(s, "devstack-core_vault_data")),
                RunSettings.ofDefaults());
    }

    @Test
    void sealedVaultIsUnsealedAfterARollback() throws Exception {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        vault.seal();

        assertThat(plan(keys).execute().succeeded()).isTrue();
        assertThat(vault.sealed()).isFalse();
    }

    @Test
    void failedUnsealSaysSoAndNamesTheVolumeRestore() throws Exception {
        VaultApiServer other = VaultApiServer.start();
        Path keys = KeyDirs.write(tmp.resolve("vault"), other);
        other.close();
        vault.seal();

        assertThatThrownBy(() -> plan(keys).execute())
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("unsealing failed")
                .hasMessageContaining("devstack-core_vault_data");
        assertThat(vault.sealed()).isTrue();
    }

    @Test
    void missingKeysJsonRefusesBeforeAnything() throws Exception {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        Files.delete(keys.resolve("keys.json"));
        vault.seal();

        assertThat(plan(keys).preflight())
                .anySatisfy(p -> assertThat(p.blocking()).isTrue());
        assertThat(vault.unsealCalls()).isZero();
    }

    @Test
    void aVaultWhoseApiNeverAnswersIsAskedEveryPollUntilTheWaitHasPassed() throws Exception {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        Path home = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(home.resolve("docker-compose.yml"), "services:\n  vault:\n    image: local/vault\n");
        Environment env = Environment.custom(home)
                .withVaultKeyDir(keys)
                .withProcessEnvironment(Map.of())
                .build();
        VaultSettings s = VaultSettings.of(Map.of("VAULT_ADDR", vault.address()), keys);
        vault.close(); // its port refuses connections from now on
        FakeTime time = new FakeTime();
        RollbackPlan plan = new RollbackPlan(
                env,
                Scope.SERVICE,
                "unseal",
                List.of(UnsealStep.ifSealed(env, s, "devstack-core_vault_data", Duration.ofSeconds(1))),
                RunSettings.ofDefaults().withClock(time).withService(Sleeper.class, time));

        assertThatThrownBy(plan::execute)
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("its API did not answer within 1.00s");
        // asked at 0, 100, ... 1000 ms: the answer at the deadline is the last
        assertThat(time.sleeps()).hasSize(10).containsOnly(Duration.ofMillis(UnsealStep.POLL_MILLIS));
    }
}
