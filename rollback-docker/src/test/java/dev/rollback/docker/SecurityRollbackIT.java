package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.Rollback;
import dev.rollback.errors.PreflightException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.events.RollbackResult;
import dev.rollback.fixtures.AppRoleFixture;
import dev.rollback.security.SecurityOverride;
import dev.rollback.testing.RequiresDocker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's Phase 3 security rollback for real: AppRole services moved to root-token auth through the compose
 * override and back, with {@code docker-compose.yml} byte for byte unchanged.
 */
@RequiresDocker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityRollbackIT {
    @TempDir
    static Path tmp;

    static AppRoleFixture fx;
    static byte[] compose;

    @BeforeAll
    static void startEnvironment() throws Exception {
        fx = AppRoleFixture.create(tmp);
        compose = Files.readAllBytes(fx.home().resolve("docker-compose.yml"));
        fx.up();
        try (DockerRuntime rt = DockerRuntime.require(Duration.ofSeconds(5))) {
            Map<String, Duration> all = new LinkedHashMap<>();
            AppRoleFixture.SERVICES.forEach(s -> all.put(s, Duration.ofSeconds(120)));
            rt.awaitHealthy(fx.environment(), all, RollbackListener.NONE);
        }
    }

    @AfterAll
    static void removeEnvironment() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    @Order(1)
    void missingRootTokenIsRefusedAtPreflightWithNothingChanged() throws Exception {
        String before = fx.containerId("postgres");
        Path token = fx.rootTokenFile();
        Path aside = token.resolveSibling("root-token.aside");
        Files.move(token, aside);
        try {
            assertThatThrownBy(() -> Rollback.in(fx.environment())
                            .security()
                            .useRootToken()
                            .execute())
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("root-token");
        } finally {
            Files.move(aside, token);
        }
        assertThat(fx.containerId("postgres")).isEqualTo(before);
        assertThat(fx.home().resolve(SecurityOverride.FILE)).doesNotExist();
        assertThat(fx.exec("postgres", "cat", "/tmp/auth-mode")).isEqualTo("approle");
        assertThat(Files.readAllBytes(fx.home().resolve("docker-compose.yml"))).isEqualTo(compose);
    }

    @Test
    @Order(2)
    void useRootTokenRunsInitShWithVaultTokenAndNoAppRoleCredentials() throws Exception {
        assertThat(fx.exec("redis", "cat", "/tmp/role-id")).isEqualTo("role-redis");
        List<RollbackEvent> events = new ArrayList<>();

        RollbackResult r = Rollback.in(fx.environment())
                .security()
                .useRootToken()
                .awaitHealthy(Duration.ofSeconds(60))
                .withListener(events::add)
                .execute();

        assertThat(r.succeeded()).isTrue();
        assertThat(r.timeToHealthy()).containsOnlyKeys("postgres", "redis");
        for (String s : AppRoleFixture.SERVICES) {
            assertThat(fx.entrypoint(s)).isEqualTo("[\"/init/init.sh\"]");
            assertThat(fx.exec(s, "cat", "/tmp/auth-mode")).isEqualTo("root-token");
            assertThat(fx.exec(s, "printenv", "VAULT_TOKEN")).isEqualTo(fx.rootToken());
            assertThat(fx.exec(s, "cat", "/tmp/role-id")).isEqualTo("none");
            assertThat(fx.exec(s, "ls", "-A", "/vault-approles/" + s)).isEmpty();
        }
        assertThat(fx.exec("postgres", "sh", "-c", "echo \"[$VAULT_APPROLE_DIR]\""))
                .isEqualTo("[]");
        assertThat(Files.readString(fx.home().resolve(SecurityOverride.FILE))).doesNotContain(fx.rootToken());
        assertThat(events).extracting(RollbackEvent::message).noneMatch(m -> m != null && m.contains(fx.rootToken()));
        assertThat(Files.readAllBytes(fx.home().resolve("docker-compose.yml"))).isEqualTo(compose);
    }

    @Test
    @Order(3)
    void useAppRoleForOneServiceKeepsTheOtherOnRootToken() throws Exception {
        Rollback.in(fx.environment())
                .security()
                .useAppRole()
                .services("redis")
                .awaitHealthy(Duration.ofSeconds(60))
                .execute();

        assertThat(fx.exec("redis", "cat", "/tmp/auth-mode")).isEqualTo("approle");
        assertThat(fx.exec("redis", "cat", "/tmp/role-id")).isEqualTo("role-redis");
        assertThat(fx.exec("postgres", "cat", "/tmp/auth-mode")).isEqualTo("root-token");
        assertThat(SecurityOverride.servicesIn(fx.home().resolve(SecurityOverride.FILE)))
                .containsExactly("postgres");
        assertThat(Files.readAllBytes(fx.home().resolve("docker-compose.yml"))).isEqualTo(compose);
    }

    @Test
    @Order(4)
    void useAppRoleReversesCleanly() throws Exception {
        RollbackResult r = Rollback.in(fx.environment())
                .security()
                .useAppRole()
                .awaitHealthy(Duration.ofSeconds(60))
                .execute();

        assertThat(r.succeeded()).isTrue();
        assertThat(fx.exec("postgres", "cat", "/tmp/auth-mode")).isEqualTo("approle");
        assertThat(fx.exec("postgres", "cat", "/tmp/role-id")).isEqualTo("role-postgres");
        assertThat(fx.entrypoint("postgres")).isEqualTo("[\"/init/init-approle.sh\"]");
        assertThatThrownBy(() -> fx.exec("postgres", "printenv", "VAULT_TOKEN"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(fx.home().resolve(SecurityOverride.FILE)).doesNotExist();
        assertThat(fx.home().resolve(SecurityOverride.TOKEN_ENV_FILE)).doesNotExist();
        assertThat(Files.readAllBytes(fx.home().resolve("docker-compose.yml"))).isEqualTo(compose);
    }
}
