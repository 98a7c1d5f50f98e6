package dev.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.EnvFile;
import dev.rollback.env.HealthTimeouts;
import dev.rollback.errors.ExitCode;
import dev.rollback.errors.PreflightException;
import dev.rollback.errors.UsageException;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.security.SecurityOverride;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        Rollback.in(p.environment())
                .service("mysql")
                .revertingInit()
                .fromCommit(p.baseline().shortId())
                .disablingTls()
                .execute();

        assertThat(p.read("configs/mysql/scripts/init.sh")).contains("root token");
        assertThat(p.read("configs/postgres/scripts/init.sh")).contains("approle");
        EnvFile env = EnvFile.load(p.home().resolve(".env"));
        assertThat(env.get("MYSQL_ENABLE_TLS")).hasValue("false");
        assertThat(env.get("POSTGRES_ENABLE_TLS")).hasValue("true");
    }

    @Test
    void redisNodesShareTheRedisInitScriptAndFlag() {
        RollbackPlan plan = Rollback.in(p.environment())
                .service("redis-2")
                .revertingInit()
                .fromCommit(p.baseline().shortId())
                .disablingTls()
                .plan();

        assertThat(plan.render())
                .contains("configs/redis/scripts/init.sh")
                .contains("REDIS_ENABLE_TLS=false")
                .contains("secret/redis-1, secret/redis-2, secret/redis-3")
                .doesNotContain("BLOCKS")
                .contains("tls_enabled in secret/redis-1, secret/redis-2, secret/redis-3 will NOT be changed");
    }

    @Test
    void planChangesNothing() {
        String env = p.read(".env");

        Rollback.in(p.environment())
                .service("mysql")
                .revertingInit()
                .fromCommit(p.baseline().shortId())
                .disablingTls()
                .plan()
                .render();

        assertThat(p.read(".env")).isEqualTo(env);
        assertThat(p.read("configs/mysql/scripts/init.sh")).contains("approle");
    }

    @Test
    void unknownServiceNamesTheKnownOnes() {
        assertThatThrownBy(() -> Rollback.in(p.environment()).service("mysqll"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("mysql")
                .satisfies(e -> assertThat(((UsageException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void revertInitWithoutReferenceCommitIsAUsageError() {
        assertThatThrownBy(() -> Rollback.in(p.environment())
                        .service("mysql")
                        .revertingInit()
                        .plan())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("reference_commit");
    }

    @Test
    void restartWithoutAnEngineIsRefusedInPreflightAndNothingChanges() {
        String env = p.read(".env");

        assertThatThrownBy(() -> Rollback.in(p.environment())
                        .service("mysql")
                        .revertingInit()
                        .fromCommit(p.baseline().shortId())
                        .disablingTls()
                        .awaitHealthy(Duration.ofSeconds(5))
                        .execute())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("no container engine answered");

        assertThat(p.read(".env")).isEqualTo(env);
        assertThat(p.read("configs/mysql/scripts/init.sh")).contains("approle");
    }

    @Test
    void aRedisNodeBringsItsWholeClusterAlong() {
        RollbackPlan plan =
                Rollback.in(p.environment()).service("redis-2").awaitHealthy().plan();

        // rollback-databases adds the cluster's check after the health wait (RedisClusterCheckStepTest)
        assertThat(plan.steps())
                .extracting(s -> s.name())
                .containsExactly("check-init", "stop", "recreate", "await-healthy");
        assertThat(plan.title()).contains("redis-1, redis-2, redis-3");
    }

    @Test
    void mysqlWaitsNinetySecondsByDefaultOthersThirty() {
        var env = p.environment();

        assertThat(HealthTimeouts.of(env, env.catalog().require("mysql"))).isEqualTo(Duration.ofSeconds(90));
        assertThat(HealthTimeouts.of(env, env.catalog().require("postgres"))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void mongodbInitWithoutBothInitdbVariablesIsRefused() {
        p.write(
                "configs/mongodb/scripts/init.sh",
                "#!/bin/sh\nexport MONGO_INITDB_ROOT_PASSWORD=x\n" + "exec docker-entrypoint.sh \"$@\"\n");

        assertThatThrownBy(() -> Rollback.in(p.environment())
                        .service("mongodb")
                        .disablingTls()
                        .execute())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("MONGO_INITDB_ROOT_USERNAME");
    }

    @Test
    void aServiceOnTheRootTokenIsRecreatedWithTheSecurityOverride() throws Exception {
        Files.createDirectories(p.home().resolve(".rollback"));
        Files.writeString(p.home().resolve(SecurityOverride.FILE), "services: {}\n");

        RollbackPlan plan = Rollback.in(p.environment())
                .service("postgres")
                .restartingServices()
                .plan();

        assertThat(plan.steps())
                .filteredOn(s -> s.name().equals("recreate"))
                .singleElement()
                .satisfies(s -> assertThat(s.describe()).contains("with 1 override file"));
    }
}
