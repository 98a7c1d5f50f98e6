package dev.rollback.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.EnvironmentException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackConfigTest {
    @TempDir
    Path tmp;

    private Path config(String yaml) {
        return DevstackFixture.write(tmp.resolve("rollback.yaml"), yaml);
    }

    @Test
    void defaultsAreTheSeedsFourPhasesAndBranchMain() {
        RollbackConfig config = RollbackConfig.ofDefaults();

        assertThat(config.branch()).isEmpty();
        assertThat(config.baselineCommit()).isEmpty();
        assertThat(config.referenceCommit()).isEmpty();
        assertThat(config.services()).isEmpty();
        assertThat(config.phases().values())
                .containsExactly(
                        new Phase("phase-0", "documentation and CI", List.of("docs/", ".github/workflows/"), List.of()),
                        new Phase(
                                "phase-1",
                                "tests and performance configs",
                                List.of("tests/", "configs/*/performance/"),
                                List.of()),
                        new Phase(
                                "phase-2",
                                "backup scripts and monitoring",
                                List.of(
                                        "scripts/backup-*.sh",
                                        "scripts/restore-*.sh",
                                        "configs/prometheus/",
                                        "configs/grafana/",
                                        "configs/loki/"),
                                List.of("prometheus", "grafana", "loki", "vector")),
                        new Phase(
                                "phase-3",
                                "security: AppRole, TLS, network segmentation",
                                List.of("configs/*/scripts/"),
                                List.of()));
    }

    @Test
    void readsEveryKey() {
        Path file = config("""
                baseline_commit: 9bef892
                reference_commit: "0123456"
                branch: develop
                target: local
                compose_files: [docker-compose.yml, ops/extra.yml]
                profiles: [standard, reference]
                vault_key_dir: ~/keys/vault
                backup_root: /srv/backups
                phases:
                  docs:
                    description: only the docs
                    paths: [docs/]
                  monitoring:
                    paths: [configs/prometheus/]
                    restart: [prometheus]
                services:
                  mysql:
                    kind: mysql
                    expected_startup: 1m
                    health_timeout: 90s
                    tls_flag: MYSQL_TLS
                    host: 127.0.0.1
                    port: 3306
                  api:
                    kind: http-api
                """);

        RollbackConfig config = RollbackConfig.load(file);

        assertThat(config.baselineCommit()).contains("9bef892");
        assertThat(config.referenceCommit()).contains("0123456");
        assertThat(config.branch()).contains("develop");
        assertThat(config.target()).contains(Target.LOCAL);
        assertThat(config.composeFiles()).containsExactly("docker-compose.yml", "ops/extra.yml");
        assertThat(config.profiles()).containsExactly("standard", "reference");
        assertThat(config.vaultKeyDir()).contains("~/keys/vault");
        assertThat(config.backupRoot()).contains("/srv/backups");
        assertThat(config.phases().values())
                .containsExactly(
                        new Phase("docs", "only the docs", List.of("docs/"), List.of()),
                        new Phase("monitoring", "", List.of("configs/prometheus/"), List.of("prometheus")));
        assertThat(config.services().get("mysql"))
                .isEqualTo(new ServiceOverride(
                        Optional.of(ServiceKind.MYSQL),
                        Optional.of(Duration.ofMinutes(1)),
                        Optional.of(Duration.ofSeconds(90)),
                        Optional.of("MYSQL_TLS"),
                        Optional.of("127.0.0.1"),
                        Optional.of(3306)));
        assertThat(config.services().get("api").kind()).contains(ServiceKind.HTTP_API);
    }

    @Test
    void readsTheValidationSection() {
        RollbackConfig config = RollbackConfig.load(config("""
                validation:
                  http: ["reference-api:8000/health/", "forgejo:3000/api/healthz"]
                  log_allow: ['FATAL:  database "dev_admin" does not exist']
                  test_command: tests/run-all-tests.sh
                  test_timeout: 45m
                  test_min_count: 370
                  memory_tolerance_percent: 15
                  cpu_max_percent: 12.5
                """));

        ValidationSettings v = config.validation();
        assertThat(v.http()).containsExactly("reference-api:8000/health/", "forgejo:3000/api/healthz");
        assertThat(v.logAllow()).containsExactly("FATAL:  database \"dev_admin\" does not exist");
        assertThat(v.testCommand()).contains("tests/run-all-tests.sh");
        assertThat(v.testTimeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(v.testMinCount()).contains(370);
        assertThat(v.memoryTolerancePercent()).isEqualTo(15.0);
        assertThat(v.cpuMaxPercent()).isEqualTo(12.5);
    }

    @Test
    void withoutAValidationSectionTheRunbooksValuesApply() {
        ValidationSettings v = RollbackConfig.load(config("branch: main\n")).validation();

        assertThat(v.memoryTolerancePercent()).isEqualTo(10.0);
        assertThat(v.cpuMaxPercent()).isEqualTo(10.0);
        assertThat(v.testCommand()).isEmpty();
        assertThat(v.testTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(v.http()).isEmpty();
    }

    @Test
    void aWrongValidationValueNamesItsField() {
        assertThatThrownBy(() -> RollbackConfig.load(config("validation:\n  cpu_max_percent: lots\n")))
                .hasMessageContaining("validation.cpu_max_percent")
                .hasMessageContaining("expected a number");
        assertThatThrownBy(() -> RollbackConfig.load(config("validation:\n  log_allow_list: []\n")))
                .hasMessageContaining("validation.log_allow_list")
                .hasMessageContaining("unknown key");
    }

    @Test
    void readsTheAdvisorSection() {
        AdvisorSettings a = RollbackConfig.load(config("""
                        advisor:
                          unhealthy_services: 3
                          memory_growth_percent: 25
                          cpu_points: 15.5
                          test_failure_percent: 2
                          off: [cpu, security]
                          junit_reports: build/test-results
                          then_run_once_per: 30m
                        """)).advisor();

        assertThat(a.unhealthyServices()).isEqualTo(3);
        assertThat(a.memoryGrowthPercent()).isEqualTo(25.0);
        assertThat(a.cpuPoints()).isEqualTo(15.5);
        assertThat(a.testFailurePercent()).isEqualTo(2.0);
        assertThat(a.off()).containsExactlyInAnyOrder("cpu", "security");
        assertThat(a.junitReports()).contains(Path.of("build/test-results"));
        assertThat(a.thenRunOncePer()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void withoutAnAdvisorSectionTheRunbooksTriggersApply() {
        AdvisorSettings a = RollbackConfig.load(config("branch: main\n")).advisor();

        assertThat(a).isEqualTo(AdvisorSettings.ofDefaults());
        assertThat(a.unhealthyServices()).isEqualTo(2);
        assertThat(a.memoryGrowthPercent()).isEqualTo(20.0);
        assertThat(a.cpuPoints()).isEqualTo(10.0);
        assertThat(a.testFailurePercent()).isEqualTo(5.0);
        assertThat(a.off()).isEmpty();
        assertThat(a.thenRunOncePer()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anUnknownTriggerOrAWrongAdvisorValueNamesItsField() {
        assertThatThrownBy(() -> RollbackConfig.load(config("advisor:\n  off: [memory, disk]\n")))
                .hasMessageContaining("advisor.off")
                .hasMessageContaining("unknown trigger 'disk'")
                .hasMessageContaining("unhealthy_services, memory, cpu");
        assertThatThrownBy(() -> RollbackConfig.load(config("advisor:\n  memory_growth_percent: -5\n")))
                .hasMessageContaining("advisor.memory_growth_percent")
                .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> RollbackConfig.load(config("advisor:\n  memory_growth: 5\n")))
                .hasMessageContaining("advisor.memory_growth")
                .hasMessageContaining("unknown key");
    }

    @Test
    void commitThatLooksLikeANumberKeepsItsLeadingZero() {
        RollbackConfig config = RollbackConfig.load(config("baseline_commit: 0123456\n"));

        assertThat(config.baselineCommit()).contains("0123456");
    }

    @Test
    void emptyFileMeansDefaults() {
        RollbackConfig config = RollbackConfig.load(config("# nothing yet\n"));

        assertThat(config.phases()).containsOnlyKeys("phase-0", "phase-1", "phase-2", "phase-3");
    }

    @Test
    void portThatIsNotANumberIsAnErrorNamingFieldAndLine() {
        Path file = config("services:\n  mysql:\n    port: abc\n");

        assertThatThrownBy(() -> RollbackConfig.load(file))
                .isInstanceOfSatisfying(EnvironmentException.class, e -> {
                    assertThat(e.file()).isEqualTo(file);
                    assertThat(e.line()).contains(3);
                })
                .hasMessageContaining("rollback.yaml")
                .hasMessageEndingWith("services.mysql.port: expected an integer, found 'abc'");
    }

    @Test
    void unknownTopLevelKeyIsAnErrorNamingIt() {
        assertThatThrownBy(() -> RollbackConfig.load(config("branch: main\nbaseline: abc\n")))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.line()).contains(2))
                .hasMessageContaining("baseline: unknown key; known keys are advisor, backup_root, baseline_commit");
    }

    @Test
    void wrongTypesAreErrorsNamingTheField() {
        assertThatThrownBy(() -> RollbackConfig.load(config("profiles: standard\n")))
                .hasMessageContaining("profiles: expected a list, found 'standard'");
        assertThatThrownBy(() -> RollbackConfig.load(config("branch: [a, b]\n")))
                .hasMessageContaining("branch: expected a string, found a list");
        assertThatThrownBy(() -> RollbackConfig.load(config("target: kubernetes\n")))
                .hasMessageContaining("target: expected docker or local, found 'kubernetes'");
        assertThatThrownBy(() -> RollbackConfig.load(config("services:\n  mysql:\n    health_timeout: soon\n")))
                .hasMessageContaining("services.mysql.health_timeout: expected a duration");
        assertThatThrownBy(() -> RollbackConfig.load(config("services:\n  mysql:\n    kind: oracle\n")))
                .hasMessageContaining("services.mysql.kind: expected one of");
        assertThatThrownBy(() -> RollbackConfig.load(config("services:\n  mysql:\n    colour: blue\n")))
                .hasMessageContaining("services.mysql.colour: unknown key");
        assertThatThrownBy(() -> RollbackConfig.load(config("phases:\n  p1:\n    paths: docs/\n")))
                .hasMessageContaining("phases.p1.paths: expected a list");
        assertThatThrownBy(() -> RollbackConfig.load(config("services:\n  mysql:\n    port: 70000\n")))
                .hasMessageContaining("services.mysql.port: expected a port between 1 and 65535");
        assertThatThrownBy(() -> RollbackConfig.load(config("- a\n- b\n")))
                .hasMessageContaining("expected a mapping, found a list");
    }

    @Test
    void invalidYamlIsAnErrorNamingTheLine() {
        assertThatThrownBy(() -> RollbackConfig.load(config("branch: main\nphases: {unclosed\n")))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.line()).isPresent())
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void keyGivenTwiceIsAnError() {
        assertThatThrownBy(() -> RollbackConfig.load(config("branch: a\nbranch: b\n")))
                .hasMessageContaining("branch: given twice");
    }
}
