package dev.rollback.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.spi.SecretStore;
import dev.rollback.spi.SecretStores;
import dev.rollback.vault.server.VaultApiServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultSecretStoreTest {
    final VaultApiServer vault = VaultApiServer.start();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        vault.close();
    }

    SecretStore store() {
        return VaultClient.connect(
                        VaultSettings.of(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.rootToken()), tmp))
                .secrets();
    }

    @Test
    void readsEveryFieldOfASecret() {
        vault.put("secret/mysql", Map.of("user", "dev_admin", "password", "pw", "tls_enabled", "true"));

        assertThat(store().read("secret/mysql"))
                .hasValue(Map.of("user", "dev_admin", "password", "pw", "tls_enabled", "true"));
        assertThat(store().read("secret/absent")).isEmpty();
    }

    @Test
    void patchKeepsTheOtherFieldsAndTheirJsonTypes() {
        vault.put("secret/redis-1", Map.of("password", "pw", "tls_enabled", true, "port", 6379));

        store().patch("secret/redis-1", Map.of("tls_enabled", "false"));

        assertThat(vault.versions("secret/redis-1")).isEqualTo(2);
        assertThat(vault.get("secret/redis-1").get("tls_enabled").asText()).isEqualTo("false");
        assertThat(vault.get("secret/redis-1").get("password").asText()).isEqualTo("pw");
        assertThat(vault.get("secret/redis-1").get("port").isInt()).isTrue();
    }

    @Test
    void patchOfAMissingSecretSaysThereIsNone() {
        assertThatThrownBy(() -> store().patch("secret/nope", Map.of("tls_enabled", "false")))
                .hasMessageContaining("there is no secret at secret/nope");
    }

    @Test
    void listsAndExportsTheMount() {
        vault.put("secret/mysql", Map.of("password", "a"))
                .put("secret/postgres", Map.of("password", "b"))
                .put("secret/apps/api", Map.of("key", "c"));

        assertThat(store().list("secret/")).containsExactly("apps/", "mysql", "postgres");
        assertThat(((VaultSecretStore) store()).export("secret"))
                .containsOnlyKeys("secret/mysql", "secret/postgres", "secret/apps/api");
    }

    @Test
    void readWithoutPermissionNamesThePathAndNoValue() {
        vault.put("secret/mysql", Map.of("root_password", "very-secret-pw"));
        String limited = vault.token("secret/data/postgres");
        SecretStore s = VaultClient.connect(
                        VaultSettings.of(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", limited), tmp))
                .secrets();

        assertThatThrownBy(() -> s.read("secret/mysql"))
                .hasMessageContaining("token lacks permission for " + "secret/mysql")
                .hasMessageNotContaining("very-secret-pw")
                .hasMessageNotContaining(limited);
    }

    @Test
    void providerOpensWhenVaultAnswersAndUsesTheKeyDirectorysRootToken() throws Exception {
        Path home = project("VAULT_ADDR=" + vault.address());
        KeyDirs.write(home.resolve("keys"), vault);
        vault.put("secret/postgres", Map.of("password", "pg"));
        Environment env = Environment.custom(home)
                .withVaultKeyDir(home.resolve("keys"))
                .withProcessEnvironment(Map.of())
                .build();

        Optional<SecretStore> s = SecretStores.open(env, Duration.ofSeconds(2));

        assertThat(s).isPresent();
        assertThat(s.get().field("secret/postgres", "password")).hasValue("pg");
        assertThat(s.get().describe()).contains(vault.address()).doesNotContain(vault.rootToken());
    }

    @Test
    void providerHasNoStoreWhenNothingAnswers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path home = project("VAULT_ADDR=http://127.0.0.1:" + port);
        Environment env =
                Environment.custom(home).withProcessEnvironment(Map.of()).build();

        assertThat(SecretStores.open(env, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aLazyStoreOfAnEnvironmentWithVaultNamesItWhenVaultDoesNotAnswerAtItsFirstUse() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path home = project("VAULT_ADDR=http://127.0.0.1:" + port);
        Environment env =
                Environment.custom(home).withProcessEnvironment(Map.of()).build();

        Optional<SecretStore> lazy = SecretStores.lazy(env, Duration.ofMillis(500));

        assertThat(lazy).isPresent();
        assertThatThrownBy(() -> lazy.get().read("secret/postgres"))
                .hasMessageContaining("no secret store answers for " + env.projectName())
                .hasMessageContaining("rollback vault status");
    }

    @Test
    void aLazyStoreIsOpenedAnewOnceTheRollbackPutBackTheEnvAndItsToken() throws Exception {
        vault.put("secret/redis-1", Map.of("password", "r1"));
        Path home = project("VAULT_ADDR=" + vault.address() + "\nVAULT_TOKEN=hvs.rotated-by-the-breakage");
        Environment env =
                Environment.custom(home).withProcessEnvironment(Map.of()).build();
        SecretStore lazy = SecretStores.lazy(env, Duration.ofSeconds(2)).orElseThrow();
        assertThatThrownBy(() -> lazy.read("secret/redis-1")).hasMessageNotContaining("hvs.rotated");

        Files.writeString(
                home.resolve(".env"), "VAULT_ADDR=" + vault.address() + "\nVAULT_TOKEN=" + vault.rootToken() + "\n");

        assertThat(lazy.field("secret/redis-1", "password")).hasValue("r1");
        lazy.close();
    }

    @Test
    void anEnvironmentWithoutVaultGetsNoLazyStoreSoItsDatabasesKeepTheirComposeLogins() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("no-vault"));
        Files.writeString(home.resolve("docker-compose.yml"), "services:\n  postgres:\n    image: local/postgres\n");
        Files.writeString(home.resolve(".env"), "POSTGRES_PASSWORD=pw\n");
        Environment env =
                Environment.custom(home).withProcessEnvironment(Map.of()).build();

        // what answers now is what a backup of it used: the same for the rollback, never a store that fails later
        assertThat(SecretStores.lazy(env, Duration.ofMillis(500)).isPresent())
                .isEqualTo(SecretStores.open(env, Duration.ofMillis(500)).isPresent());
        assertThat(SecretStores.lazy(env, Duration.ofMillis(500))
                        .map(SecretStore::describe)
                        .orElse(""))
                .doesNotContain("opened at first use");
    }

    Path project(String envLine) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(home.resolve("docker-compose.yml"), "services:\n  vault:\n    image: local/vault\n");
        Files.writeString(home.resolve(".env"), envLine + "\n");
        return home;
    }
}
