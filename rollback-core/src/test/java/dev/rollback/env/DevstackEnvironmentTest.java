package dev.rollback.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DevStack Core's real compose file and .env, read the way compose reads them. */
class DevstackEnvironmentTest {
    private static final List<String> SERVICES = List.of(
            "postgres",
            "pgbouncer",
            "mysql",
            "redis-1",
            "redis-2",
            "redis-3",
            "rabbitmq",
            "mongodb",
            "forgejo",
            "vault",
            "reference-api",
            "api-first",
            "golang-api",
            "nodejs-api",
            "rust-api",
            "prometheus",
            "grafana",
            "loki",
            "redis-exporter-1",
            "redis-exporter-2",
            "redis-exporter-3",
            "cadvisor",
            "vector");

    @TempDir
    Path tmp;

    private Environment devstack() {
        return DevstackFixture.load(DevstackFixture.create(tmp));
    }

    @Test
    void parsesExactlyTheTwentyThreeServicesInFileOrder() {
        List<ServiceDefinition> services = devstack().catalog().services();

        assertThat(services).extracting(ServiceDefinition::name).containsExactlyElementsOf(SERVICES);
    }

    @Test
    void projectIsNamedAfterTheDirectoryAndUsesTheDefaultLocations() {
        Path home = DevstackFixture.create(tmp);

        Environment env = DevstackFixture.load(home);

        assertThat(env.projectName()).isEqualTo("devstack-core");
        assertThat(env.projectDir()).isEqualTo(home.toAbsolutePath());
        assertThat(env.composeFiles()).containsExactly(home.resolve("docker-compose.yml"));
        assertThat(env.envFile()).isEqualTo(home.resolve(".env"));
        assertThat(env.vaultKeyDir()).isEqualTo(Path.of("/home/dev/.config/vault"));
        assertThat(env.backupRoot()).isEqualTo(home.resolve("backups"));
        assertThat(env.stateDir()).isEqualTo(home.resolve(".rollback"));
        assertThat(env.target()).isEqualTo(Target.DOCKER);
        assertThat(env.activeProfiles()).isEmpty();
        assertThat(env.config().phases()).containsOnlyKeys("phase-0", "phase-1", "phase-2", "phase-3");
    }

    @Test
    void hasTheTwelveNamedVolumesPrefixedWithTheProjectName() {
        List<VolumeDefinition> volumes = devstack().catalog().volumes();

        assertThat(volumes)
                .extracting(VolumeDefinition::name)
                .containsExactly(
                        "devstack-core_postgres_data",
                        "devstack-core_mysql_data",
                        "devstack-core_redis_1_data",
                        "devstack-core_redis_2_data",
                        "devstack-core_redis_3_data",
                        "devstack-core_rabbitmq_data",
                        "devstack-core_mongodb_data",
                        "devstack-core_forgejo_data",
                        "devstack-core_vault_data",
                        "devstack-core_prometheus_data",
                        "devstack-core_grafana_data",
                        "devstack-core_loki_data");
        assertThat(volumes).noneMatch(VolumeDefinition::external);
    }

    @Test
    void servicesKnowTheEngineNamesOfTheVolumesTheyMount() {
        ServiceCatalog catalog = devstack().catalog();

        assertThat(catalog.require("vault").volumes()).containsExactly("devstack-core_vault_data");
        assertThat(catalog.require("redis-2").volumes()).containsExactly("devstack-core_redis_2_data");
        assertThat(catalog.require("pgbouncer").volumes()).isEmpty();
    }

    @Test
    void containerNamesAreDevPrefixed() {
        List<ServiceDefinition> services = devstack().catalog().services();

        assertThat(services).allSatisfy(s -> assertThat(s.containerName()).isEqualTo("dev-" + s.name()));
    }

    @Test
    void profilesMatchDevstackCore() {
        ServiceCatalog catalog = devstack().catalog();

        assertThat(catalog.require("vault").profiles()).isEmpty();
        assertThat(catalog.require("postgres").profiles()).containsExactly("minimal", "standard", "full");
        assertThat(catalog.require("redis-1").profiles()).containsExactly("minimal", "standard", "full");
        assertThat(catalog.require("mysql").profiles()).containsExactly("standard", "full");
        assertThat(catalog.require("redis-3").profiles()).containsExactly("standard", "full");
        assertThat(catalog.require("prometheus").profiles()).containsExactly("full");
        assertThat(catalog.require("rust-api").profiles()).containsExactly("reference");
        assertThat(catalog.profiles()).containsExactly("minimal", "standard", "full", "reference");
    }

    @Test
    void minimalProfileStartsVaultPostgresPgbouncerRedis1AndForgejo() {
        List<ServiceDefinition> active = devstack().catalog().activeIn(Set.of("minimal"));

        assertThat(active)
                .extracting(ServiceDefinition::name)
                .containsExactly("postgres", "pgbouncer", "redis-1", "forgejo", "vault");
    }

    @Test
    void noProfileStartsOnlyVault() {
        List<ServiceDefinition> active = devstack().catalog().activeIn(Set.of());

        assertThat(active).extracting(ServiceDefinition::name).containsExactly("vault");
    }

    @Test
    void healthChecksAreInterpolatedAndParsed() {
        ServiceCatalog catalog = devstack().catalog();

        assertThat(catalog.require("vault").healthCheck())
                .contains(new HealthCheck(
                        List.of("CMD", "wget", "--spider", "-Y", "off", "http://127.0.0.1:8200/v1/sys/health"),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(5),
                        6,
                        Duration.ofSeconds(60),
                        false));
        assertThat(catalog.require("postgres").healthCheck())
                .contains(new HealthCheck(
                        List.of("CMD-SHELL", "pg_isready -U dev_admin"),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(5),
                        5,
                        Duration.ofSeconds(30),
                        false));
        assertThat(catalog.require("mysql").healthCheck())
                .contains(new HealthCheck(
                        List.of("CMD", "mysqladmin", "ping", "-h", "localhost"),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(5),
                        5,
                        Duration.ZERO,
                        false));
        assertThat(catalog.require("rabbitmq").healthCheck().orElseThrow().test())
                .containsExactly("CMD-SHELL", "rabbitmq-diagnostics -q ping");
        assertThat(catalog.require("redis-2").healthCheck().orElseThrow().test())
                .containsExactly("CMD", "timeout", "1", "redis-cli", "ping");
    }

    @Test
    void healthCheckTakesIntervalsFromDotEnvOverTheDefaults() {
        Path home = DevstackFixture.create(tmp);
        DevstackFixture.write(home.resolve(".env"), "POSTGRES_HEALTH_INTERVAL=5s\nPOSTGRES_USER=other\n");

        HealthCheck check = DevstackFixture.load(home)
                .catalog()
                .require("postgres")
                .healthCheck()
                .orElseThrow();

        assertThat(check.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(check.test()).containsExactly("CMD-SHELL", "pg_isready -U other");
    }

    @Test
    void kindsAreGuessedFromImagesNamesAndHealthChecks() {
        ServiceCatalog catalog = devstack().catalog();

        assertThat(catalog.services())
                .extracting(ServiceDefinition::name, ServiceDefinition::kind)
                .containsExactly(
                        tuple("postgres", ServiceKind.POSTGRES),
                        tuple("pgbouncer", ServiceKind.PGBOUNCER),
                        tuple("mysql", ServiceKind.MYSQL),
                        tuple("redis-1", ServiceKind.REDIS),
                        tuple("redis-2", ServiceKind.REDIS),
                        tuple("redis-3", ServiceKind.REDIS),
                        tuple("rabbitmq", ServiceKind.RABBITMQ),
                        tuple("mongodb", ServiceKind.MONGODB),
                        tuple("forgejo", ServiceKind.FORGEJO),
                        tuple("vault", ServiceKind.VAULT),
                        tuple("reference-api", ServiceKind.HTTP_API),
                        tuple("api-first", ServiceKind.HTTP_API),
                        tuple("golang-api", ServiceKind.HTTP_API),
                        tuple("nodejs-api", ServiceKind.HTTP_API),
                        tuple("rust-api", ServiceKind.HTTP_API),
                        tuple("prometheus", ServiceKind.OBSERVABILITY),
                        tuple("grafana", ServiceKind.OBSERVABILITY),
                        tuple("loki", ServiceKind.OBSERVABILITY),
                        tuple("redis-exporter-1", ServiceKind.OBSERVABILITY),
                        tuple("redis-exporter-2", ServiceKind.OBSERVABILITY),
                        tuple("redis-exporter-3", ServiceKind.OBSERVABILITY),
                        tuple("cadvisor", ServiceKind.OBSERVABILITY),
                        tuple("vector", ServiceKind.OBSERVABILITY));
        assertThat(catalog.require("mysql").expectedStartup()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void configDirsComeFromConfigsBindMountsAndRedisNodesShareOne() {
        ServiceCatalog catalog = devstack().catalog();

        assertThat(catalog.require("postgres").configDir()).contains("configs/postgres");
        assertThat(catalog.require("mysql").configDir()).contains("configs/mysql");
        assertThat(catalog.require("redis-1").configDir()).contains("configs/redis");
        assertThat(catalog.require("redis-2").configDir()).contains("configs/redis");
        assertThat(catalog.require("redis-3").configDir()).contains("configs/redis");
        assertThat(catalog.require("vault").configDir()).contains("configs/vault");
        assertThat(catalog.require("pgbouncer").configDir()).contains("configs/pgbouncer");
        assertThat(catalog.require("rust-api").configDir()).isEmpty();
    }

    @Test
    void initScriptsAreTheFilesUnderTheConfigDirScriptsSorted() {
        Path home = DevstackFixture.create(tmp);
        DevstackFixture.write(home.resolve("configs/mysql/scripts/init.sh"), "#!/bin/sh\n");
        DevstackFixture.write(home.resolve("configs/mysql/scripts/init-approle.sh"), "#!/bin/sh\n");
        DevstackFixture.write(home.resolve("configs/mysql/scripts/lib/common.sh"), "\n");
        DevstackFixture.write(home.resolve("configs/redis/scripts/init-approle.sh"), "#!/bin/sh\n");
        DevstackFixture.write(home.resolve("configs/rust-api/scripts/start.sh"), "#!/bin/sh\n");

        ServiceCatalog catalog = DevstackFixture.load(home).catalog();

        assertThat(catalog.require("mysql").initScripts())
                .containsExactly(
                        "configs/mysql/scripts/init-approle.sh",
                        "configs/mysql/scripts/init.sh",
                        "configs/mysql/scripts/lib/common.sh");
        assertThat(catalog.require("redis-3").initScripts()).containsExactly("configs/redis/scripts/init-approle.sh");
        assertThat(catalog.require("rust-api").configDir()).contains("configs/rust-api");
        assertThat(catalog.require("postgres").initScripts()).isEmpty();
    }

    @Test
    void tlsFlagsComeFromServiceEnvironmentOrDotEnv() {
        ServiceCatalog catalog = devstack().catalog();

        assertThat(catalog.require("mysql").tlsFlag()).contains("MYSQL_ENABLE_TLS");
        assertThat(catalog.require("postgres").tlsFlag()).contains("POSTGRES_ENABLE_TLS");
        assertThat(catalog.require("redis-1").tlsFlag()).contains("REDIS_ENABLE_TLS");
        assertThat(catalog.require("redis-3").tlsFlag()).contains("REDIS_ENABLE_TLS");
        assertThat(catalog.require("mongodb").tlsFlag()).contains("MONGODB_ENABLE_TLS");
        assertThat(catalog.require("forgejo").tlsFlag()).contains("FORGEJO_ENABLE_TLS");
        assertThat(catalog.require("reference-api").tlsFlag()).contains("REFERENCE_API_ENABLE_TLS");
        assertThat(catalog.require("vault").tlsFlag()).isEmpty();
        assertThat(catalog.require("prometheus").tlsFlag()).isEmpty();
    }

    @Test
    void commandsEntrypointsPortsAndEnvironmentAreInterpolated() {
        ServiceCatalog catalog = devstack().catalog();

        ServiceDefinition mysql = catalog.require("mysql");
        assertThat(mysql.entrypoint()).containsExactly("/init/init-approle.sh");
        assertThat(mysql.command()).contains("mysqld", "--max-connections=100", "--innodb-buffer-pool-size=256M");
        assertThat(mysql.ports()).containsExactly("3306:3306");
        assertThat(mysql.environment()).contains(entry("MYSQL_ENABLE_TLS", "true"), entry("MYSQL_USER", "dev_admin"));
        assertThat(mysql.mounts())
                .contains(new Mount("/home/dev/.config/vault/approles/mysql", "/vault-approles/mysql", true, true));
        assertThat(catalog.require("redis-1").command()).contains("--maxmemory", "256mb");
        assertThat(catalog.require("loki").command()).containsExactly("-config.file=/etc/loki/loki-config.yml");
        assertThat(catalog.require("vault").entrypoint())
                .hasSize(1)
                .first()
                .asString()
                .contains("docker-entrypoint.sh server");
        assertThat(catalog.require("pgbouncer").image()).isEmpty();
        assertThat(catalog.require("mysql").image()).contains("mysql:8.0.40");
        assertThat(catalog.require("forgejo").environment())
                .containsEntry("FORGEJO__metrics__ENABLED", "true")
                .containsEntry("USER_UID", "1000");
        assertThat(catalog.require("vector").dependsOn())
                .containsExactly("vault", "loki", "prometheus", "postgres", "mongodb", "mysql");
        assertThat(catalog.require("grafana").dependsOn()).containsExactly("prometheus", "loki");
    }
}
