package dev.rollback.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.vault.server.VaultApiServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultClientTest {
    final VaultApiServer vault = VaultApiServer.start();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        vault.close();
    }

    VaultClient client(Path keyDir) {
        return VaultClient.connect(
                VaultSettings.of(Map.of("VAULT_ADDR", vault.address()), keyDir).withTimeout(Duration.ofSeconds(2)));
    }

    @Test
    void statusReadsThresholdSharesAndProgress() {
        vault.seal();

        SealStatus s = client(tmp).status();

        assertThat(s).isEqualTo(new SealStatus(true, true, 3, 5, 0, "1.15.2"));
        assertThat(s.describe()).isEqualTo("sealed, 0 of 3 keys entered");
    }

    @Test
    void healthReadsTheStatusCode() {
        assertThat(client(tmp).health().state()).isEqualTo(HealthStatus.State.ACTIVE);
        vault.seal();
        assertThat(client(tmp).health().state()).isEqualTo(HealthStatus.State.SEALED);
    }

    @Test
    void unsealStopsAsSoonAsTheThresholdIsReached() {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        vault.seal();

        UnsealResult r = client(keys).unseal(KeyFile.load(keys));

        assertThat(r.unsealed()).isTrue();
        assertThat(r.keysSubmitted()).isEqualTo(3);
        assertThat(vault.unsealCalls()).isEqualTo(3);
        assertThat(vault.sealed()).isFalse();
    }

    @Test
    void unsealOfAnUnsealedVaultSubmitsNoKey() {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);

        UnsealResult r = client(keys).unseal(KeyFile.load(keys));

        assertThat(r.wasSealed()).isFalse();
        assertThat(vault.unsealCalls()).isZero();
    }

    @Test
    void unsealWithKeysOfAnotherVaultSaysTheyDoNotMatchAndNeverShowsAKey() {
        VaultApiServer other = VaultApiServer.start();
        Path keys = KeyDirs.write(tmp.resolve("vault"), other);
        other.close();
        vault.seal();

        assertThatThrownBy(() -> client(keys).unseal(KeyFile.load(keys)))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("do not match")
                .hasMessageContaining("Unseal failed, invalid key")
                .satisfies(e -> other.keysBase64()
                        .forEach(k -> assertThat(e.getMessage()).doesNotContain(k)));
        assertThat(vault.sealed()).isTrue();
    }

    @Test
    void unsealRefusesKeysJsonWithFewerKeysThanTheThreshold() {
        String two = "{\"unseal_keys_b64\":[\"" + vault.keysBase64().get(0) + "\",\""
                + vault.keysBase64().get(1) + "\"],\"root_token\":\"" + vault.rootToken() + "\"}";
        Path keys = KeyDirs.write(tmp.resolve("vault"), two, vault.rootToken());
        vault.seal();

        assertThatThrownBy(() -> client(keys).unseal(KeyFile.load(keys)))
                .hasMessageContaining("holds 2 unseal keys but")
                .hasMessageContaining("needs 3");
        assertThat(vault.unsealCalls()).isZero();
    }

    @Test
    void unreachableVaultFailsWithinItsTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            VaultClient c = VaultClient.connect(
                    VaultSettings.of(Map.of("VAULT_ADDR", "http://127.0.0.1:" + silent.getLocalPort()), tmp)
                            .withTimeout(Duration.ofSeconds(1)));
            long start = System.nanoTime();

            assertThatThrownBy(c::status)
                    .isInstanceOf(VaultException.class)
                    .hasMessageContaining("did not answer")
                    .hasMessageContaining("is it running");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void tokenWithoutPermissionGetsAClearMessageNamingThePath() {
        String limited = vault.token("secret/data/postgres");
        VaultClient c = VaultClient.connect(
                VaultSettings.of(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", limited), tmp));

        assertThatThrownBy(c::authMethods)
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("token lacks permission for sys/auth")
                .hasMessageNotContaining(limited)
                .satisfies(e -> assertThat(((VaultException) e).status()).hasValue(403));
    }

    @Test
    void disablesApproleAndDeletesItsPolicy() {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        vault.appRole("postgres", "rid", "sid", Instant.now(), Duration.ofDays(30));
        VaultClient c = client(keys);

        assertThat(c.authMethods()).extracting(AuthMethod::type).contains("approle", "token");
        assertThat(c.disableAuthMethod("approle")).isTrue();
        assertThat(c.disableAuthMethod("approle")).isFalse();
        assertThat(c.deletePolicy("postgres-policy")).isTrue();
        assertThat(c.policies()).doesNotContain("postgres-policy").contains("default");
    }

    @Test
    void appRoleSecretIdExpiryIsReportedBeforeItBites() {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        Instant issued = Instant.now().minus(Duration.ofDays(25));
        vault.appRole("postgres", "rid", "sid", issued, Duration.ofDays(30));

        SecretIdInfo info = client(keys).appRole("postgres");

        assertThat(info.expires()).hasValue(issued.plus(Duration.ofDays(30)));
        assertThat(info.expiresWithin(SecretIdInfo.WARN_BEFORE, Instant.now())).isTrue();
        assertThat(info.describe(Instant.now())).contains("expires").doesNotContain("sid");
    }

    @Test
    void appRoleWithAForeignRoleIdIsRefused() throws Exception {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        vault.appRole("postgres", "another-role-id", "sid", Instant.now(), Duration.ofDays(30));

        assertThatThrownBy(() -> client(keys).appRole("postgres")).hasMessageContaining("is not the role-id");
    }

    @Test
    void appRoleLoginGivesATokenLimitedToTheRolesSecrets() {
        Path keys = KeyDirs.write(tmp.resolve("vault"), vault);
        vault.appRole("postgres", "rid", "sid", Instant.now(), Duration.ofDays(30));
        vault.put("secret/postgres", Map.of("password", "pg-secret"));
        try {
            Files.delete(keys.resolve("root-token"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        VaultClient c = VaultClient.connect(
                VaultSettings.of(Map.of("VAULT_ADDR", vault.address()), keys).withAppRole("postgres"));

        assertThat(c.secrets().field("secret/postgres", "password")).hasValue("pg-secret");
        assertThatThrownBy(c::authMethods).hasMessageContaining("token lacks permission");
    }
}
