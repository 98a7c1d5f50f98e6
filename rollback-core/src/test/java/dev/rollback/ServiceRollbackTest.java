package dev.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.EnvFile;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.plan.RollbackPlan;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceRollbackTest {
    @TempDir
    Path tmp;
    ProjectFixture p;

    @BeforeEach
    void project() {
        p = ProjectFixture.create(tmp);
    }

    @Test
    void revertInitAndDisableTlsTouchOnlyThatService() {
        Rollback.in(p.environment()).service("mysql").revertInit().fromCommit(p.baseline().shortId()).disableTls()
                .execute();

        assertThat(p.read("configs/mysql/scripts/init.sh")).contains("root token");
        assertThat(p.read("configs/postgres/scripts/init.sh")).contains("approle");
        EnvFile env = EnvFile.load(p.home().resolve(".env"));
        assertThat(env.get("MYSQL_ENABLE_TLS")).hasValue("false");
        assertThat(env.get("POSTGRES_ENABLE_TLS")).hasValue("true");
    }

    @Test
    void redisNodesShareTheRedisInitScriptAndFlag() {
        RollbackPlan plan = Rollback.in(p.environment()).service("redis-2").revertInit()
                .fromCommit(p.baseline().shortId()).disableTls().plan();

        assertThat(plan.render()).contains("configs/redis/scripts/init.sh").contains("REDIS_ENABLE_TLS=false")
                .contains("Preflight: ok");
    }

    @Test
    void planChangesNothing() {
        String env = p.read(".env");

        Rollback.in(p.environment()).service("mysql").revertInit().fromCommit(p.baseline().shortId()).disableTls()
                .plan().render();

        assertThat(p.read(".env")).isEqualTo(env);
        assertThat(p.read("configs/mysql/scripts/init.sh")).contains("approle");
    }

    @Test
    void unknownServiceNamesTheKnownOnes() {
        assertThatThrownBy(() -> Rollback.in(p.environment()).service("mysqll"))
                .isInstanceOf(UsageException.class).hasMessageContaining("mysql")
                .satisfies(e -> assertThat(((UsageException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void revertInitWithoutReferenceCommitIsAUsageError() {
        assertThatThrownBy(() -> Rollback.in(p.environment()).service("mysql").revertInit().plan())
                .isInstanceOf(UsageException.class).hasMessageContaining("reference_commit");
    }
}
