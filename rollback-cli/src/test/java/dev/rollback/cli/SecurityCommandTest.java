package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.fixtures.AppRoleFixture;
import java.nio.file.Files;
import java.nio.file.Path;
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

        assertThat(r.out()).contains("security-override.yml").contains("entrypoint: [\"/init/init.sh\"]")
                .contains("./configs/postgres/scripts/init.sh:/init/init.sh:ro")
                .contains("./.rollback/approle-void:/vault-approles/postgres:ro").doesNotContain("\"redis\":")
                .contains("Dry run: nothing was changed.").doesNotContain(fx.rootToken());
        assertThat(r.err()).doesNotContain(fx.rootToken());
        assertThat(fx.home().resolve(".rollback")).doesNotExist();
    }

    @Test
    void jsonDryRunHoldsNoToken() {
        CliRun r = CliRun.of("-C", home, "security", "root-token", "--dry-run", "--json");

        assertThat(r.out()).contains("security-override").contains("/init/init.sh").doesNotContain(fx.rootToken());
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
}
