package dev.rollback.validation.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.Phase;
import dev.rollback.env.RollbackConfig;
import dev.rollback.events.Scope;
import dev.rollback.plan.Severity;
import dev.rollback.validation.parse.TestCounts;
import dev.rollback.validation.parse.TestOutputFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdvisorTest {
    final Advisor advisor = Advisor.of(RollbackConfig.ofDefaults(), RunHistory.none());

    static Observations.Builder stack() {
        Observations.Builder b = Observations.builder();
        for (String s : List.of("vault", "postgres", "mysql", "mongodb", "redis-1", "prometheus", "grafana")) {
            b.health(s, HealthState.HEALTHY);
        }
        return b;
    }

    @Test
    void aHealthyEnvironmentNeedsNothing() {
        Assessment a = advisor.assess(stack().vaultSealed(false).build());

        assertThat(a.actionNeeded()).isFalse();
        assertThat(a.severityName()).isEqualTo("NONE");
        assertThat(a.scope()).isEmpty();
        assertThat(a.command()).isEmpty();
        assertThat(a.expected()).isEmpty();
        assertThat(a.fired()).isEmpty();
        assertThat(a.readings()).extracting(TriggerReading::trigger).containsExactly(Trigger.values());
    }

    @Test
    void oneUnhealthyServiceIsMediumWithItsServiceCommand() {
        Assessment a =
                advisor.assess(stack().health("mysql", HealthState.UNHEALTHY).build());

        assertThat(a.severity()).contains(Severity.MEDIUM);
        assertThat(a.scope()).contains(Scope.SERVICE);
        assertThat(a.services()).containsExactly("mysql");
        assertThat(a.command()).contains("rollback service mysql");
        assertThat(a.reading(Trigger.UNHEALTHY_SERVICES).fired()).isFalse();
    }

    @Test
    void theServiceCommandDisablesTlsWhenItsFlagIsOnAndRevertsAChangedInitScript() {
        Assessment tls = advisor.assess(stack().health("mysql", HealthState.UNHEALTHY)
                .tlsOn("mysql")
                .tlsOn("postgres")
                .build());
        Assessment init = advisor.assess(stack().health("mysql", HealthState.UNHEALTHY)
                .tlsOn("mysql")
                .changedFiles(List.of("configs/mysql/scripts/init.sh"))
                .build());

        assertThat(tls.command()).contains("rollback service mysql --disable-tls");
        // configs/mysql/scripts/ is phase-3's: its files name the failing service, so the phase is to blame
        assertThat(init.severity()).contains(Severity.HIGH);
        assertThat(init.command()).contains("rollback phase phase-3");
    }

    @Test
    void withoutAPhaseOwningInitScriptsAChangedOneIsRevertedByTheServiceRollback() {
        Map<String, Phase> phases =
                new LinkedHashMap<>(RollbackConfig.ofDefaults().phases());
        phases.remove("phase-3");
        Advisor noSecurityPhase = new Advisor(phases, AdvisorThresholds.runbook(), RunHistory.none());

        Assessment a = noSecurityPhase.assess(stack().health("mysql", HealthState.UNHEALTHY)
                .tlsOn("mysql")
                .changedFiles(List.of("configs/mysql/scripts/init.sh"))
                .build());

        assertThat(a.severity()).contains(Severity.MEDIUM);
        assertThat(a.command()).contains("rollback service mysql --revert-init --disable-tls");
    }

    @Test
    void twoUnhealthyServicesAreStillMediumOneCommandEach() {
        Assessment a = advisor.assess(stack().health("mysql", HealthState.UNHEALTHY)
                .health("redis-1", HealthState.STOPPED)
                .tlsOn("redis-1")
                .build());

        assertThat(a.severity()).contains(Severity.MEDIUM);
        assertThat(a.command()).contains("rollback service mysql && rollback service redis-1 --disable-tls");
    }

    @Test
    void threeUnhealthyServicesAreCriticalAndFull() {
        Assessment a = advisor.assess(stack().health("mysql", HealthState.UNHEALTHY)
                .health("postgres", HealthState.UNHEALTHY)
                .health("mongodb", HealthState.STOPPED)
                .build());

        assertThat(a.severity()).contains(Severity.CRITICAL);
        assertThat(a.scope()).contains(Scope.FULL);
        assertThat(a.services()).containsExactly("mongodb", "mysql", "postgres");
        assertThat(a.command()).contains("rollback full --from-backup latest");
        assertThat(a.reason()).isEqualTo("3 services failing, more than 2");
    }

    @Test
    void aFailedDataCheckIsCriticalAndRestoresTheDatabases() {
        Assessment a = advisor.assess(stack().failedDataCheck("postgres").build());

        assertThat(a.severity()).contains(Severity.CRITICAL);
        assertThat(a.command()).contains("rollback full --from-backup latest --databases");
        assertThat(a.services()).containsExactly("postgres");
    }

    @Test
    void aSealedVaultIsCriticalAndFull() {
        Assessment a = advisor.assess(stack().vaultSealed(true).build());

        assertThat(a.severity()).contains(Severity.CRITICAL);
        assertThat(a.services()).containsExactly("vault");
        assertThat(a.command()).contains("rollback full --from-backup latest");
    }

    @Test
    void aFailingServiceWithChangedMonitoringConfigsIsHighAndPhaseTwo() {
        Assessment a = advisor.assess(stack().health("prometheus", HealthState.UNHEALTHY)
                .changedFiles(List.of("configs/prometheus/prometheus.yml", "README.md"))
                .build());

        assertThat(a.severity()).contains(Severity.HIGH);
        assertThat(a.scope()).contains(Scope.PHASE);
        assertThat(a.command()).contains("rollback phase phase-2");
        assertThat(a.reason()).isEqualTo("files of phase-2 changed since the baseline commit");
    }

    @Test
    void testFailuresWithChangedMonitoringConfigsAreHighAndPhaseTwo() {
        Assessment a = advisor.assess(stack().tests(new TestCounts(100, 94, 6, 0, 0, 0, TestOutputFormat.JUNIT_XML))
                .changedFiles(List.of("configs/prometheus/alerts.yml"))
                .build());

        assertThat(a.severity()).contains(Severity.HIGH);
        assertThat(a.command()).contains("rollback phase phase-2");
    }

    @Test
    void aChangedPhaseUnrelatedToTheFailingServiceLeavesItAServiceRollback() {
        Assessment a = advisor.assess(stack().health("mysql", HealthState.UNHEALTHY)
                .changedFiles(List.of("docs/ROLLBACK.md"))
                .build());

        assertThat(a.severity()).contains(Severity.MEDIUM);
        assertThat(a.command()).contains("rollback service mysql");
    }

    @Test
    void changedFilesWithNothingWrongNeedNothing() {
        Assessment a = advisor.assess(stack().changedFiles(List.of("configs/prometheus/prometheus.yml"))
                .build());

        assertThat(a.actionNeeded()).isFalse();
    }

    @Test
    void anEnvOnlyDifferenceIsLowAndConfig() {
        Assessment withCopy = advisor.assess(stack().envDiffers(true)
                .envCopy(Path.of("backups/20251114_085001_manual/env_backup"))
                .build());
        Assessment without = advisor.assess(stack().envDiffers(true).build());

        assertThat(withCopy.severity()).contains(Severity.LOW);
        assertThat(withCopy.scope()).contains(Scope.CONFIG);
        assertThat(withCopy.command()).contains("rollback config --env-from backups/20251114_085001_manual/env_backup");
        assertThat(withCopy.commandComplete()).isTrue();
        assertThat(without.command()).contains("rollback config --env-from <the backup set's env_backup>");
        assertThat(without.commandComplete()).isFalse();
    }

    @Test
    void testFailuresWithOnlyEnvChangedAreConfig() {
        Assessment a = advisor.assess(stack().tests(new TestCounts(100, 90, 10, 0, 0, 0, TestOutputFormat.JUNIT_XML))
                .envDiffers(true)
                .build());

        assertThat(a.severity()).contains(Severity.LOW);
        assertThat(a.scope()).contains(Scope.CONFIG);
    }

    @Test
    void testFailuresNothingNarrowerExplainsAreFull() {
        Assessment a = advisor.assess(stack().tests(new TestCounts(100, 90, 10, 0, 0, 0, TestOutputFormat.JUNIT_XML))
                .build());

        assertThat(a.severity()).contains(Severity.CRITICAL);
        assertThat(a.command()).contains("rollback full --from-backup latest");
    }

    @Test
    void theDurationComesFromHistoryWhenThereIsOneElseFromTheRunbook() {
        RunHistory history = new RunHistory(List.of(
                new PastRun(Scope.SERVICE, Duration.ofSeconds(80), true),
                new PastRun(Scope.SERVICE, Duration.ofSeconds(100), true),
                new PastRun(Scope.SERVICE, Duration.ofSeconds(95), true),
                new PastRun(Scope.SERVICE, Duration.ofMinutes(30), false)));
        Advisor withHistory = Advisor.of(RollbackConfig.ofDefaults(), history);

        Assessment service = withHistory.assess(
                stack().health("mysql", HealthState.UNHEALTHY).build());
        Assessment full = withHistory.assess(stack().vaultSealed(true).build());

        assertThat(service.expected().orElseThrow())
                .isEqualTo(new ExpectedDuration(Duration.ofSeconds(95), ExpectedDuration.Basis.HISTORY, 3));
        assertThat(service.expected().orElseThrow().describe())
                .isEqualTo("about 1m 35s (median of 3 past successful runs here)");
        assertThat(full.expected().orElseThrow())
                .isEqualTo(new ExpectedDuration(Duration.ofMinutes(20), ExpectedDuration.Basis.RUNBOOK, 0));
        assertThat(full.expected().orElseThrow().describe())
                .isEqualTo("up to 20m 0s (the runbook's estimate; no successful run of this scope here yet)");
    }
}
