package dev.rollback.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where Vault is reached from this host, given an environment's {@code VAULT_ADDR}. */
class VaultSettingsTest {
    @TempDir
    Path tmp;

    private Environment env(String envFile) throws Exception {
        Files.writeString(
                tmp.resolve("docker-compose.yml"),
                "services:\n  vault:\n    image: local/vault\n" + "    container_name: dev-vault\n");
        Files.writeString(tmp.resolve(".env"), envFile);
        return Environment.custom(tmp)
                .withProcessEnvironment(Map.of("HOME", tmp.toString()))
                .build();
    }

    @Test
    void theContainersAddressOfDevstacksEnvBecomesLocalhostWithItsPort() throws Exception {
        assertThat(VaultSettings.from(env("VAULT_ADDR=http://vault:8200\n")).address())
                .isEqualTo("http://localhost:8200");
        assertThat(VaultSettings.from(env("VAULT_ADDR=https://dev-vault:8201/\n"))
                        .address())
                .isEqualTo("https://localhost:8201");
    }

    @Test
    void otherAddressesAreKeptAsGiven() throws Exception {
        assertThat(VaultSettings.from(env("VAULT_ADDR=http://127.0.0.1:18200\n"))
                        .address())
                .isEqualTo("http://127.0.0.1:18200");
        assertThat(VaultSettings.from(env("VAULT_ADDR=http://vault.example.test:8200\n"))
                        .address())
                .isEqualTo("http://vault.example.test:8200");
        assertThat(VaultSettings.from(env("")).address()).isEqualTo(VaultSettings.DEFAULT_ADDRESS);
    }

    @Test
    void aServiceNameBecomesThePortItsContainerPublishesOnThisHost() throws Exception {
        Files.writeString(
                tmp.resolve("docker-compose.yml"),
                "services:\n  vault:\n    image: local/vault\n"
                        + "    ports: [\"127.0.0.1:${VAULT_HOST_PORT}:8200\"]\n");
        Files.writeString(tmp.resolve(".env"), "VAULT_ADDR=http://vault:8200\nVAULT_HOST_PORT=18231\n");
        Environment env = Environment.custom(tmp)
                .withProcessEnvironment(Map.of("HOME", tmp.toString()))
                .build();

        assertThat(VaultSettings.from(env).address()).isEqualTo("http://127.0.0.1:18231");
    }

    @Test
    void publishedPortsAreReadAsComposeWritesThem() {
        assertThat(VaultSettings.publishedOn(List.of("8200:8200"), 8200)).contains("localhost:8200");
        assertThat(VaultSettings.publishedOn(List.of("0.0.0.0:18200:8200/tcp"), 8200))
                .contains("localhost:18200");
        assertThat(VaultSettings.publishedOn(List.of("9000:9000", "10.1.2.3:18200:8200"), 8200))
                .contains("10.1.2.3:18200");
        assertThat(VaultSettings.publishedOn(List.of("127.0.0.1::8200", "8201"), 8200))
                .isEmpty();
    }
}
