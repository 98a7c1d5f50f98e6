package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.fixtures.AppRoleFixture;
import dev.rollback.vault.server.VaultApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityCommandTest {
    @TempDir
    Path tmp;

    AppRoleFixture fx;
    String home;

    @BeforeEach
    void project() throws Exception {
        fx = AppRoleFixture.create(tmp);
        Files.writeString(fx.home().resolve("rollback.yaml"), "vault_key_dir: .config/vault\n");
        home = fx.home().toString();
    }

    @Test
    void dryRunPrintsTheOverrideWithoutTheTokenAndChangesNothing() {
        CliRun r = CliRun.of("-C", home, "security", "root-token", "postgres", "--await-healthy", "60s", "--dry-run");

        assertThat(r.out())
                .contains("security-override.yml")
                .contains("entrypoint: [\"/init/init.sh\"]")
                .contains("./configs/postgres/scripts/init.sh:/init/init.sh:ro")
                .contains("./.rollback/approle-void:/vault-approles/postgres:ro")
                .doesNotContain("\"redis\":")
                .contains("Dry run: nothing was changed.")
                .doesNotContain(fx.rootToken());
        assertThat(r.err()).doesNotContain(fx.rootToken());
        assertThat(fx.home().resolve(".rollback")).doesNotExist();
    }

    @Test
    void jsonDryRunHoldsNoToken() {
        CliRun r = CliRun.of("-C", home, "security", "root-token", "--dry-run", "--json");

        assertThat(r.out())
                .contains("security-override")
                .contains("/init/init.sh")
                .doesNotContain(fx.rootToken());
    }

    @Test
    void missingRootTokenIsRefusedWithExit5() throws Exception {
        Files.delete(fx.rootTokenFile());

        CliRun r = CliRun.of("-C", home, "security", "root-token", "--dry-run");

        assertThat(r.code()).isEqualTo(5);
        assertThat(r.out()).contains("BLOCKS root-token");
    }

    @Test
    void unknownModeIsAUsageError() {
        CliRun r = CliRun.of("-C", home, "security", "tokens");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("root-token or approle");
    }

    /** The fixture pointed at a Vault test server whose root token is the key directory's, with both AppRoles. */
    VaultApiServer vault(String token) throws Exception {
        VaultApiServer v = VaultApiServer.start();
        Files.writeString(
                fx.home().resolve(".env"),
                "VAULT_ADDR=" + v.address() + "\n"
                        + (token == null ? "" : "VAULT_TOKEN=" + (token.isEmpty() ? v.token("secret/") : token) + "\n"),
                StandardOpenOption.APPEND);
        Files.writeString(fx.rootTokenFile(), v.rootToken() + "\n");
        for (String s : AppRoleFixture.SERVICES) {
            v.appRole(s, "role-" + s, "secret-" + s, Instant.now(), Duration.ofDays(30));
        }
        return v;
    }

    @Test
    void cleanupFlagShowsTheCleanupInTheDryRunAndChangesNothing() throws Exception {
        try (VaultApiServer v = vault(null)) {
            CliRun r = CliRun.of("-C", home, "security", "root-token", "--cleanup-approle", "--dry-run");

            assertThat(r.out())
                    .contains("vault-approle-cleanup")
                    .contains("delete the ACL policies postgres-policy, "
                            + "redis-policy; disable the approle auth method")
                    .doesNotContain("BLOCKS vault cleanup")
                    .doesNotContain(v.rootToken());
            assertThat(v.authMounts()).contains("approle");
            assertThat(v.policies()).contains("postgres-policy", "redis-policy");
        }
    }

    @Test
    void cleanupWithATokenThatMayNotIsRefusedWithExit5BeforeAnyChange() throws Exception {
        try (VaultApiServer v = vault("")) {
            CliRun r = CliRun.of("-C", home, "security", "root-token", "--cleanup-approle");

            assertThat(r.code()).isEqualTo(5);
            assertThat(r.out() + r.err())
                    .contains("the Vault token lacks permission for the AppRole cleanup")
                    .contains("sys/auth/approle (has deny)");
            assertThat(v.authMounts()).contains("approle");
            assertThat(fx.home().resolve(".rollback/security-override.yml")).doesNotExist();
        }
    }

    @Test
    void cleanupOnTheWayBackIsAUsageError() throws Exception {
        Files.createDirectories(fx.home().resolve(".rollback"));
        Files.writeString(fx.home().resolve(".rollback/security-override.yml"), "services:\n  postgres: {}\n");

        CliRun r = CliRun.of("-C", home, "security", "approle", "--cleanup-approle", "--dry-run");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cleanup goes with useRootToken()");
    }
}
