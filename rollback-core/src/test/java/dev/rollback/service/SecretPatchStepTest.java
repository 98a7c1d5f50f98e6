package dev.rollback.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.Rollback;
import dev.rollback.env.EnvFile;
import dev.rollback.errors.Problem;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.spi.SecretStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretPatchStepTest {
    @TempDir
    Path tmp;

    @Test
    void disableTlsAlsoSetsTlsEnabledFalseInTheServicesSecretKeepingTheRest() {
        ProjectFixture p = ProjectFixture.create(tmp);
        MapSecretStore vault =
                new MapSecretStore().with("secret/mysql", Map.of("password", "pw", "tls_enabled", "true"));

        Rollback.in(p.environment())
                .service("mysql")
                .disablingTls()
                .withService(SecretStore.class, vault)
                .execute();

        assertThat(vault.secrets.get("secret/mysql"))
                .containsEntry("tls_enabled", "false")
                .containsEntry("password", "pw");
        assertThat(EnvFile.load(p.home().resolve(".env")).get("MYSQL_ENABLE_TLS"))
                .hasValue("false");
    }

    @Test
    void withoutAStoreOnlyEnvChangesAndPreflightWarns() {
        ProjectFixture p = ProjectFixture.create(tmp);

        var plan = Rollback.in(p.environment()).service("mysql").disablingTls().plan();

        assertThat(plan.preflight()).anySatisfy(pr -> {
            assertThat(pr.blocking()).isFalse();
            assertThat(pr.found()).contains("tls_enabled in secret/mysql will NOT be changed");
        });
    }

    @Test
    void aStoreThatRefusesBlocksBeforeAnyChange() {
        ProjectFixture p = ProjectFixture.create(tmp);
        String env = p.read(".env");
        MapSecretStore vault = new MapSecretStore().with("secret/mysql", Map.of("tls_enabled", "true"));
        vault.refuse = true;

        var problems = Rollback.in(p.environment())
                .service("mysql")
                .disablingTls()
                .withService(SecretStore.class, vault)
                .plan()
                .preflight();

        assertThat(problems)
                .filteredOn(Problem::blocking)
                .singleElement()
                .satisfies(pr -> assertThat(pr.found()).contains("token lacks permission for secret/mysql"));
        assertThat(p.read(".env")).isEqualTo(env);
    }
}
