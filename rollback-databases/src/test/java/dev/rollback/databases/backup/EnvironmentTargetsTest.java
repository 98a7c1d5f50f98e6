package dev.rollback.databases.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.databases.spi.DatabaseTarget;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.fixtures.ComposeFixture;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStats;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.ExecRequest;
import dev.rollback.spi.ExecResult;
import dev.rollback.spi.HealthOutcome;
import dev.rollback.spi.PropertiesSecretStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets from the compose fixture (PostgreSQL, MariaDB as mysql, a 3-node Redis cluster) and a local project. */
class EnvironmentTargetsTest {
    @TempDir
    Path tmp;

    ComposeFixture fx;
    Environment standard;
    final FakeRuntime rt = new FakeRuntime(
            Map.of("postgres:5432", 49153, "redis-1:6379", 50001, "redis-2:6379", 50002, "redis-3:6379", 50003));

    @BeforeEach
    void project() {
        fx = ComposeFixture.create(tmp);
        standard = Environment.custom(fx.home())
                .withProcessEnvironment(Map.of("HOME", fx.home().toString()))
                .withActiveProfiles(List.of("standard"))
                .build();
    }

    @Test
    void unitsAreTheActiveDatabaseServicesWithTheRedisClusterAsOne() {
        assertThat(new EnvironmentTargets(standard, Optional.empty(), Optional.empty()).units())
                .containsExactly(
                        new DatabaseUnit("postgres", ServiceKind.POSTGRES, List.of("postgres")),
                        new DatabaseUnit("mysql", ServiceKind.MYSQL, List.of("mysql")),
                        new DatabaseUnit("redis-1", ServiceKind.REDIS, List.of("redis-1", "redis-2", "redis-3")));
        Environment minimal = Environment.custom(fx.home())
                .withProcessEnvironment(Map.of("HOME", fx.home().toString()))
                .withActiveProfiles(List.of("minimal"))
                .build();
        assertThat(new DatabaseBackupContributor().expected(minimal))
                .containsExactly("db-dump:postgres", "db-dump:redis-1");
        Environment none = Environment.custom(fx.home())
                .withProcessEnvironment(Map.of("HOME", fx.home().toString()))
                .build();
        assertThat(new DatabaseBackupContributor().expected(none)).isEmpty();
    }

    @Test
    void aClusterNodeFindsItsClusterUnit() {
        EnvironmentTargets t = new EnvironmentTargets(standard, Optional.empty(), Optional.empty());

        assertThat(t.unit("redis-2")).get().extracting(DatabaseUnit::service).isEqualTo("redis-1");
        assertThat(t.unit("slow")).isEmpty();
    }

    @Test
    void dockerTargetConnectsToThePublishedPortAndRunsToolsInTheContainer() {
        EnvironmentTargets t = new EnvironmentTargets(standard, Optional.of(rt), Optional.empty());

        DatabaseTarget pg = t.target(t.unit("postgres").orElseThrow());

        assertThat(pg.address()).isEqualTo("127.0.0.1:49153");
        assertThat(pg.user()).isEqualTo("dev_admin");
        assertThat(pg.password()).contains("fixture-postgres-pw");
        assertThat(pg.runner().describe()).isEqualTo("container of service postgres");
        assertThat(pg.runner().toolHost(pg) + ":" + pg.runner().toolPort(pg)).isEqualTo("127.0.0.1:5432");
        assertThat(pg.toString()).doesNotContain("fixture-postgres-pw");
    }

    @Test
    void theClusterTargetCarriesEveryNodeInTheNodesOption() {
        EnvironmentTargets t = new EnvironmentTargets(standard, Optional.of(rt), Optional.empty());

        DatabaseTarget redis = t.target(t.unit("redis-1").orElseThrow());

        assertThat(redis.option("nodes")).contains("127.0.0.1:50001,127.0.0.1:50002,127.0.0.1:50003");
        assertThat(redis.port()).isEqualTo(50001);
        assertThat(redis.password()).isEmpty();
    }

    @Test
    void aServiceThatPublishesNoPortIsAnErrorSayingHowToPublishOne() {
        EnvironmentTargets t = new EnvironmentTargets(standard, Optional.of(rt), Optional.empty());

        assertThatThrownBy(() -> t.target(t.unit("mysql").orElseThrow()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("service mysql publishes no host port for its port 3306")
                .hasMessageContaining("127.0.0.1::3306");
    }

    @Test
    void aServiceThatIsNoDatabaseIsAnErrorListingTheDatabases() {
        EnvironmentTargets t = new EnvironmentTargets(standard, Optional.of(rt), Optional.empty());

        assertThat(t.target("redis-3").option("nodes")).isPresent();
        assertThatThrownBy(() -> t.target("slow"))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("'slow' is not an active database service")
                .hasMessageContaining("[postgres, mysql, redis-1]");
    }

    @Test
    void dockerTargetWithoutAnEngineIsAnErrorNamingTheService() {
        EnvironmentTargets t = new EnvironmentTargets(standard, Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> t.target(t.unit("postgres").orElseThrow()))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("service postgres: no Docker engine answers");
    }

    @Test
    void theSecretStoreWinsWhenItHoldsTheServicesSecretAndTheComposeEnvironmentOtherwise() {
        var store = PropertiesSecretStore.of(Map.of("secret/mysql", Map.of("root_password", "from-vault")));
        EnvironmentTargets t = new EnvironmentTargets(standard, Optional.empty(), Optional.of(store));

        assertThat(t.login(t.unit("mysql").orElseThrow()).password()).contains("from-vault");
        assertThat(t.login(t.unit("mysql").orElseThrow()).user()).isEqualTo("root");
        assertThat(t.login(t.unit("postgres").orElseThrow()).password()).contains("fixture-postgres-pw");
    }

    @Test
    void localTargetUsesRollbackYamlAddressesAndComposeCredentials() {
        Environment local = LocalProject.create(
                tmp.resolve("local"), """
              pg:
                image: postgres:16
                environment:
                  POSTGRES_PASSWORD: pg-pw
              cache:
                image: redis:7
                command: ["redis-server", "--requirepass", "redis-pw"]
              mq:
                image: rabbitmq:3-management
              docs:
                image: mongo:7
                environment:
                  MONGO_INITDB_ROOT_USERNAME: admin
                  MONGO_INITDB_ROOT_PASSWORD: mongo-pw
              web:
                image: nginx
            """, Map.of("pg", "db.internal:6543", "cache", "127.0.0.1:7000"));
        EnvironmentTargets t = new EnvironmentTargets(local, Optional.empty(), Optional.empty());

        assertThat(t.units()).extracting(DatabaseUnit::service).containsExactly("pg", "cache", "mq", "docs");
        DatabaseTarget pg = t.target(t.unit("pg").orElseThrow());
        assertThat(pg.address()).isEqualTo("db.internal:6543");
        assertThat(pg.user()).isEqualTo("postgres");
        assertThat(pg.password()).contains("pg-pw");
        assertThat(pg.runner().describe()).isEqualTo("host process");
        DatabaseTarget cache = t.target(t.unit("cache").orElseThrow());
        assertThat(cache.address()).isEqualTo("127.0.0.1:7000");
        assertThat(cache.password()).contains("redis-pw");
        DatabaseTarget mq = t.target(t.unit("mq").orElseThrow());
        assertThat(mq.address()).isEqualTo("127.0.0.1:5672");
        assertThat(mq.user() + ":" + mq.password().orElseThrow()).isEqualTo("guest:guest");
        DatabaseTarget docs = t.target(t.unit("docs").orElseThrow());
        assertThat(docs.user()).isEqualTo("admin");
        assertThat(docs.password()).contains("mongo-pw");
    }

    @Test
    void scopesApplyPerService() {
        EnvironmentTargets t = new EnvironmentTargets(standard, Optional.of(rt), Optional.empty())
                .withScopes(Map.of("postgres", List.of("app")));

        assertThat(t.target(t.unit("postgres").orElseThrow()).scope()).containsExactly("app");
        assertThat(t.login(t.unit("redis-1").orElseThrow()).scope()).isEmpty();
    }

    /** Answers published ports from a map; nothing else is used by the targets. */
    static final class FakeRuntime implements ContainerRuntime {
        private final Map<String, Integer> ports;

        FakeRuntime(Map<String, Integer> ports) {
            this.ports = ports;
        }

        @Override
        public Optional<Integer> publishedPort(Environment env, String service, int containerPort) {
            return Optional.ofNullable(ports.get(service + ":" + containerPort));
        }

        @Override
        public String describe() {
            return "fake engine";
        }

        @Override
        public List<ContainerStatus> list(Environment env) {
            return List.of();
        }

        @Override
        public void stop(Environment env, List<String> services, Duration timeout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void start(Environment env, List<String> services) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recreate(Environment env, List<String> services, List<Path> overrides) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, HealthOutcome> awaitHealthy(
                Environment env, Map<String, Duration> timeouts, RollbackListener progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ExecResult exec(Environment env, String service, ExecRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ContainerStats> stats(Environment env, String service) {
            return Optional.empty();
        }

        @Override
        public void close() {}
    }
}
