package dev.rollback.validation.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.AdvisorSettings;
import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.parse.TestCounts;
import dev.rollback.validation.parse.TestOutputFormat;
import dev.rollback.validation.probe.ServiceFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReadingsTest {
    static final AdvisorThresholds RUNBOOK = AdvisorThresholds.runbook();
    static final long GB = 1_000_000_000L;

    static Baseline baseline(long mysqlBytes, long redisBytes, double mysqlCpu, double redisCpu) {
        return new Baseline(
                Instant.parse("2026-12-01T10:00:00Z"),
                "9bef892",
                "main",
                List.of("mysql", "redis"),
                List.of(),
                Map.of(
                        "mysql", new ServiceFigures(mysqlBytes, mysqlCpu),
                        "redis", new ServiceFigures(redisBytes, redisCpu)),
                Map.of(),
                370);
    }

    static Observations.Builder unhealthy(int n) {
        Observations.Builder b = Observations.builder();
        for (int i = 0; i < 23; i++) {
            b.health("svc-" + (char) ('a' + i), i < n ? HealthState.UNHEALTHY : HealthState.HEALTHY);
        }
        return b;
    }

    @Test
    void theRunbookThresholdsAreTheDefaults() {
        assertThat(RUNBOOK).isEqualTo(new AdvisorThresholds(2, 0.20, 10.0, 0.05));
    }

    @Test
    void theConfigurationsDefaultsAreTheRunbooksThresholds() {
        assertThat(AdvisorThresholds.of(AdvisorSettings.ofDefaults())).isEqualTo(RUNBOOK);
    }

    @Test
    void aTriggerSwitchedOffIsNotMeasuredAndDoesNotFire() {
        AdvisorThresholds noHealth = AdvisorThresholds.of(
                new AdvisorSettings(2, 20, 10, 5, Set.of("unhealthy_services"), Optional.empty(), Duration.ofHours(1)));

        TriggerReading r = Readings.of(unhealthy(5).build(), noHealth).get(0);

        assertThat(r.trigger()).isEqualTo(Trigger.UNHEALTHY_SERVICES);
        assertThat(r.fired()).isFalse();
        assertThat(r.measured()).isFalse();
        assertThat(r.value()).isEqualTo("not measured: off in rollback.yaml (advisor.off)");
        assertThat(new Advisor(Map.of(), noHealth, RunHistory.none())
                        .assess(unhealthy(5).build())
                        .actionNeeded())
                .isFalse();
    }

    @Test
    void thresholdsFromTheConfigurationAreFractions() {
        AdvisorThresholds t = AdvisorThresholds.of(
                new AdvisorSettings(3, 25, 15, 2, Set.of(), Optional.empty(), Duration.ofHours(1)));

        assertThat(t).isEqualTo(new AdvisorThresholds(3, 0.25, 15.0, 0.02));
        assertThat(Readings.unhealthy(unhealthy(3).build(), t).fired()).isFalse();
        assertThat(Readings.unhealthy(unhealthy(4).build(), t).fired()).isTrue();
    }

    @Test
    void twoFailingServicesDoNotFireThreeDo() {
        TriggerReading two = Readings.unhealthy(unhealthy(2).build(), RUNBOOK);
        TriggerReading three = Readings.unhealthy(unhealthy(3).build(), RUNBOOK);

        assertThat(two.fired()).isFalse();
        assertThat(two.number()).isEqualTo(2);
        assertThat(two.value()).isEqualTo("2 of 23 services failing their health check");
        assertThat(two.threshold()).isEqualTo("more than 2 services failing");
        assertThat(three.fired()).isTrue();
        assertThat(three.services()).containsExactly("svc-a", "svc-b", "svc-c");
        assertThat(three.source()).isEqualTo("the engine's health states");
    }

    @Test
    void stoppedCountsAsFailingStartingDoesNot() {
        Observations o = Observations.builder()
                .health("mysql", HealthState.STOPPED)
                .health("redis", HealthState.STARTING)
                .health("vault", HealthState.UNHEALTHY)
                .health("postgres", HealthState.UNHEALTHY)
                .build();

        TriggerReading r = Readings.unhealthy(o, RUNBOOK);

        assertThat(r.services()).containsExactly("mysql", "postgres", "vault");
        assertThat(r.fired()).isTrue();
    }

    @Test
    void memoryTwentyPercentOverTheBaselineDoesNotFireTwentyPointOneDoes() {
        Baseline b = baseline(GB, GB, 1, 1);
        Observations at = Observations.builder()
                .baseline(b)
                .resources("mysql", new ServiceFigures(1_400_000_000L, 1))
                .resources("redis", new ServiceFigures(1_000_000_000L, 1))
                .build();
        Observations over = Observations.builder()
                .baseline(b)
                .resources("mysql", new ServiceFigures(1_402_000_000L, 1))
                .resources("redis", new ServiceFigures(1_000_000_000L, 1))
                .build();

        TriggerReading atR = Readings.memory(at, RUNBOOK);
        TriggerReading overR = Readings.memory(over, RUNBOOK);

        assertThat(atR.fired()).isFalse();
        assertThat(atR.number()).isEqualTo(0.20);
        assertThat(atR.value()).startsWith("+20.0% (");
        assertThat(overR.fired()).isTrue();
        assertThat(overR.value()).startsWith("+20.1% (2.24 GiB against 1.86 GiB)");
        assertThat(overR.threshold()).isEqualTo("more than +20.0% against the baseline");
        assertThat(overR.services()).containsExactly("mysql");
    }

    @Test
    void memoryComparesTheServicesBothHaveAServiceStartedSinceIsNotGrowth() {
        Observations o = Observations.builder()
                .baseline(baseline(GB, GB, 1, 1))
                .resources("mysql", new ServiceFigures(GB, 1))
                .resources("redis", new ServiceFigures(GB, 1))
                .resources("grafana", new ServiceFigures(5 * GB, 1))
                .build();

        TriggerReading r = Readings.memory(o, RUNBOOK);

        assertThat(r.fired()).isFalse();
        assertThat(r.number()).isEqualTo(0.0);
        assertThat(r.value()).startsWith("+0.0% (");
    }

    @Test
    void aFallTooSmallToShowReadsAsNoChangeNotMinusZero() {
        Observations o = Observations.builder()
                .baseline(baseline(GB, GB, 1, 1))
                .resources("mysql", new ServiceFigures(GB - 1000, 1))
                .resources("redis", new ServiceFigures(GB, 1))
                .build();

        assertThat(Readings.memory(o, RUNBOOK).value()).startsWith("+0.0% (");
    }

    @Test
    void aSmallServiceGrownByALittleIsNotBlamedForTheEnvironmentsGrowth() {
        Baseline b = new Baseline(
                Instant.parse("2026-12-01T10:00:00Z"),
                "9bef892",
                "main",
                List.of("api", "pgbouncer"),
                List.of(),
                Map.of("api", new ServiceFigures(GB, 1), "pgbouncer", new ServiceFigures(4_000_000L, 1)),
                Map.of(),
                -1);
        Observations o = Observations.builder()
                .baseline(b)
                .resources("api", new ServiceFigures(1_400_000_000L, 1))
                .resources("pgbouncer", new ServiceFigures(5_000_000L, 1))
                .build();

        TriggerReading r = Readings.memory(o, RUNBOOK);

        assertThat(r.fired()).isTrue();
        assertThat(r.services()).containsExactly("api");
    }

    @Test
    void memoryWithoutABaselineIsNotMeasuredAndDoesNotFire() {
        Observations o = Observations.builder()
                .resources("mysql", new ServiceFigures(9 * GB, 1))
                .build();

        TriggerReading r = Readings.memory(o, RUNBOOK);

        assertThat(r.measured()).isFalse();
        assertThat(r.fired()).isFalse();
        assertThat(r.value()).isEqualTo("not measured: no baseline with memory figures");
    }

    @Test
    void cpuTenPointsAboveTheBaselineDoesNotFireJustOverDoes() {
        Baseline b = baseline(GB, GB, 0.3, 2.0);
        Observations at = Observations.builder()
                .baseline(b)
                .resources("mysql", new ServiceFigures(GB, 10.3))
                .resources("redis", new ServiceFigures(GB, 2.0))
                .build();
        Observations over = Observations.builder()
                .baseline(b)
                .resources("mysql", new ServiceFigures(GB, 10.4))
                .resources("redis", new ServiceFigures(GB, 2.0))
                .build();

        TriggerReading atR = Readings.cpu(at, RUNBOOK);
        TriggerReading overR = Readings.cpu(over, RUNBOOK);

        assertThat(atR.fired()).isFalse();
        assertThat(atR.number()).isEqualTo(10.0);
        assertThat(overR.fired()).isTrue();
        assertThat(overR.value()).isEqualTo("+10.1 points (12.4% against 2.3%)");
        assertThat(overR.services()).containsExactly("mysql");
    }

    @Test
    void fivePercentOfTestsFailingDoesNotFireSixDo() {
        TriggerReading five = Readings.tests(
                Observations.builder()
                        .tests(new TestCounts(100, 95, 4, 0, 1, 0, TestOutputFormat.JUNIT_XML))
                        .build(),
                RUNBOOK);
        TriggerReading six = Readings.tests(
                Observations.builder()
                        .tests(new TestCounts(100, 94, 6, 0, 0, 0, TestOutputFormat.JUNIT_XML))
                        .build(),
                RUNBOOK);

        assertThat(five.fired()).isFalse();
        assertThat(five.number()).isEqualTo(0.05);
        assertThat(six.fired()).isTrue();
        assertThat(six.value()).isEqualTo("6.0% (6 of 100 tests failed or errored)");
        assertThat(six.source()).isEqualTo("the test suite's JUNIT_XML output");
    }

    @Test
    void noTestRunIsNotMeasuredAndDoesNotFire() {
        TriggerReading none = Readings.tests(
                Observations.builder()
                        .tests(new TestCounts(0, 0, 0, 0, 0, 0, TestOutputFormat.GENERIC))
                        .build(),
                RUNBOOK);
        TriggerReading notRun = Readings.tests(Observations.builder().build(), RUNBOOK);

        assertThat(none.fired()).isFalse();
        assertThat(none.measured()).isFalse();
        assertThat(none.value()).isEqualTo("not measured: the test suite ran no test");
        assertThat(notRun.value()).isEqualTo("not measured: the test suite was not run");
    }

    @Test
    void aFailedDataCheckFiresDataIntegrity() {
        TriggerReading r = Readings.dataIntegrity(
                Observations.builder().failedDataCheck("postgres").build());

        assertThat(r.fired()).isTrue();
        assertThat(r.services()).containsExactly("postgres");
        assertThat(Readings.dataIntegrity(Observations.builder().build()).fired())
                .isFalse();
    }

    @Test
    void aSealedVaultIsACriticalServiceAndASecurityFinding() {
        Observations o = Observations.builder().vaultSealed(true).build();

        assertThat(Readings.criticalService(o).fired()).isTrue();
        assertThat(Readings.criticalService(o).services()).containsExactly("vault");
        assertThat(Readings.security(o).fired()).isTrue();
    }

    @Test
    void aDatabaseRefusingConnectionsIsACriticalService() {
        TriggerReading r = Readings.criticalService(Observations.builder()
                .refusingConnections("mysql")
                .vaultSealed(false)
                .build());

        assertThat(r.fired()).isTrue();
        assertThat(r.value()).isEqualTo("mysql refusing connections");
        assertThat(r.services()).containsExactly("mysql");
    }

    @Test
    void tlsFlagsAreReportedButDoNotFireSecurity() {
        TriggerReading tls = Readings.security(
                Observations.builder().vaultSealed(false).tlsOn("mysql").build());
        TriggerReading expiring = Readings.security(
                Observations.builder().secretIdExpiring("reference-api").build());

        assertThat(tls.fired()).isFalse();
        assertThat(tls.value()).isEqualTo("no AppRole secret-id expiring; TLS on for mysql");
        assertThat(expiring.fired()).isTrue();
        assertThat(expiring.services()).containsExactly("reference-api");
    }
}
