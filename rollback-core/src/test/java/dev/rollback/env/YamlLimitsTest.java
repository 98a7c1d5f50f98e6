package dev.rollback.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rollback.errors.EnvironmentException;
import dev.rollback.errors.RollbackException;
import dev.rollback.security.SecurityOverride;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every YAML file the tool reads is loaded within bounds: an alias bomb or a huge file fails at once, by name. */
class YamlLimitsTest {
    private static final Map<String, String> PROCESS = Map.of("HOME", "/home/dev");
    /** A guard against a run of minutes, not a benchmark: the refusal itself takes milliseconds. */
    private static final Duration GUARD = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    /** The "billion laughs" shape: nine levels of ten aliases each, 10^9 strings once expanded, about 1 KB. */
    static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("x-lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 8; level++) {
            yaml.append("x-lol").append(level).append(": &lol").append(level).append(" [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*lol").append(level - 1);
            }
            yaml.append("]\n");
        }
        return yaml.append("services:\n  app:\n    image: alpine:3\n    command: *lol8\n")
                .toString();
    }

    private Environment load(Path dir) {
        return Environment.custom(dir).withProcessEnvironment(PROCESS).build();
    }

    @Test
    void aBillionLaughsComposeFileFailsAtOnceNamingTheFile() {
        Path compose = DevstackFixture.write(tmp.resolve("app/compose.yaml"), billionLaughs());
        assertThat(billionLaughs().length()).isLessThan(1100);

        assertTimeoutPreemptively(
                GUARD,
                () -> assertThatThrownBy(() -> load(compose.getParent()))
                        .isInstanceOf(EnvironmentException.class)
                        .hasMessageStartingWith(compose + ": not loaded: ")
                        .hasMessageContaining("more than " + YamlLimits.MAX_EXPANDED_VALUES + " values")
                        .hasMessageContaining("billion laughs")
                        .hasMessageContaining("fewer nested *aliases"));
    }

    @Test
    void aComposeFileWithDevstackStyleAnchorsAndMergesStillLoads() {
        Path compose = DevstackFixture.write(tmp.resolve("app/compose.yaml"), """
                x-logging: &default-logging
                  driver: json-file
                  options: {max-size: "10m", max-file: "3"}
                x-vault-env: &vault-env
                  VAULT_ADDR: http://vault:8200
                  VAULT_SKIP_VERIFY: "true"
                x-service: &service
                  restart: unless-stopped
                  logging: *default-logging
                  networks: [data]
                services:
                  postgres:
                    <<: *service
                    image: postgres:16
                    environment:
                      <<: *vault-env
                      POSTGRES_DB: devstack
                  redis-1:
                    <<: *service
                    image: redis:7
                    environment: *vault-env
                networks:
                  data: {}
                """);

        ServiceCatalog catalog =
                assertTimeoutPreemptively(GUARD, () -> load(compose.getParent()).catalog());

        assertThat(catalog.require("postgres").environment())
                .containsOnly(
                        entry("VAULT_ADDR", "http://vault:8200"),
                        entry("VAULT_SKIP_VERIFY", "true"),
                        entry("POSTGRES_DB", "devstack"));
        assertThat(catalog.require("redis-1").image()).contains("redis:7");
        assertThat(catalog.require("redis-1").environment()).containsEntry("VAULT_ADDR", "http://vault:8200");
    }

    @Test
    void aComposeFileOfManyAliasesIsRefusedNamingTheBound() {
        StringBuilder yaml = new StringBuilder("x-env: &env {A: b}\nx-many:\n");
        for (int i = 0; i <= YamlLimits.MAX_ALIASES; i++) {
            yaml.append("  - *env\n");
        }
        Path compose = DevstackFixture.write(tmp.resolve("app/compose.yaml"), yaml + "services: {}\n");

        assertThatThrownBy(() -> load(compose.getParent()))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageStartingWith(compose + ": not loaded: more than " + YamlLimits.MAX_ALIASES + " aliases");
    }

    @Test
    void aComposeFileLargerThanTheBoundIsRefusedBeforeReading() {
        Path compose = DevstackFixture.write(
                tmp.resolve("app/compose.yaml"), "services: {}\n" + "#".repeat(YamlLimits.MAX_SIZE) + "\n");

        assertThatThrownBy(() -> load(compose.getParent()))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageStartingWith(compose + ": not loaded: ")
                .hasMessageContaining("bytes, more than the 3 MiB");
    }

    @Test
    void aRollbackYamlOfTooManyAliasesFailsNamingTheFile() {
        StringBuilder yaml = new StringBuilder("compose_files: &files [compose.yaml]\nx:\n");
        for (int i = 0; i <= YamlLimits.MAX_ALIASES; i++) {
            yaml.append("  - *files\n");
        }
        Path file = DevstackFixture.write(tmp.resolve("rollback.yaml"), yaml.toString());

        assertThatThrownBy(() -> RollbackConfig.load(file))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageStartingWith(file + ": not loaded: more than " + YamlLimits.MAX_ALIASES + " aliases");
    }

    @Test
    void aBillionLaughsSecurityOverrideFailsAtOnceNamingTheFile() {
        StringBuilder yaml = new StringBuilder("services: {postgres: {image: x}}\nx-l0: &l0 [a, b]\n");
        for (int i = 1; i <= YamlLimits.MAX_ALIASES / 2 + 1; i++) {
            yaml.append("x-l")
                    .append(i)
                    .append(": &l")
                    .append(i)
                    .append(" [*l")
                    .append(i - 1)
                    .append(", *l")
                    .append(i - 1)
                    .append("]\n");
        }
        Path file = DevstackFixture.write(tmp.resolve(SecurityOverride.FILE), yaml.toString());

        assertTimeoutPreemptively(
                GUARD,
                () -> assertThatThrownBy(() -> SecurityOverride.servicesIn(file))
                        .isInstanceOf(RollbackException.class)
                        .hasMessageStartingWith("cannot read the security override " + file + ": not loaded: more than "
                                + YamlLimits.MAX_ALIASES + " aliases")
                        .hasMessageEndingWith("move it aside and run the rollback again"));
    }
}
