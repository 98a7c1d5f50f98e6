package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.errors.ExitCode;
import dev.rollback.fixtures.AppRoleFixture;
import dev.rollback.testing.RequiresDocker;
import dev.rollback.vault.server.VaultApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback security root-token --cleanup-approle} end to end: the AppRole fixture's services really move to
 * the root token (recreated, healthy), then the Vault test server's approle auth method and policies are removed.
 */
@RequiresDocker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityCommandIT {
    @TempDir
    static Path tmp;

    static AppRoleFixture fx;
    static VaultApiServer vault;

    @BeforeAll
    static void start() throws Exception {
        vault = VaultApiServer.start();
        fx = AppRoleFixture.create(tmp);
        Files.writeString(fx.home().resolve("rollback.yaml"), "vault_key_dir: .config/vault\n");
        Files.writeString(fx.home().resolve(".env"), "VAULT_ADDR=" + vault.address() + "\n", StandardOpenOption.APPEND);
        Files.writeString(fx.rootTokenFile(), vault.rootToken() + "\n");
        for (String s : AppRoleFixture.SERVICES) {
            vault.appRole(s, "role-" + s, "secret-" + s, Instant.now(), Duration.ofDays(30));
        }
        fx.up();
    }

    @AfterAll
    static void remove() {
        if (fx != null) {
            fx.close();
        }
        if (vault != null) {
            vault.close();
        }
    }

    @Test
    @Order(1)
    void rootTokenWithCleanupSwitchesTheServicesThenRemovesApproleAndItsPolicies() {
        CliRun r = CliRun.of(
                "-C", fx.home().toString(), "security", "root-token", "--cleanup-approle", "--await-healthy", "120s");

        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(r.out())
                .contains(
                        "vault-approle-cleanup",
                        "deleted ACL policies postgres-policy, redis-policy",
                        "disabled the approle auth method")
                .doesNotContain(vault.rootToken());
        assertThat(vault.authMounts()).doesNotContain("approle");
        assertThat(vault.policies()).doesNotContain("postgres-policy", "redis-policy");
        for (String s : AppRoleFixture.SERVICES) {
            assertThat(fx.exec(s, "cat", "/tmp/auth-mode")).isEqualTo("root-token");
        }
    }

    @Test
    @Order(2)
    void theWayBackToAppRoleIsRefusedOnceApproleIsDisabledAndTheServicesStayUp() {
        String before = fx.containerId("postgres");

        CliRun r = CliRun.of("-C", fx.home().toString(), "security", "approle", "--await-healthy", "120s");

        assertThat(r.code()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(r.out() + r.err())
                .contains("the approle auth method is not enabled")
                .contains("vault auth enable approle");
        assertThat(fx.containerId("postgres")).isEqualTo(before);
        assertThat(fx.exec("postgres", "cat", "/tmp/auth-mode")).isEqualTo("root-token");
    }
}
