package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.events.Scope;
import dev.rollback.plan.RunRecord;
import dev.rollback.plan.Runs;
import dev.rollback.plan.Severity;
import dev.rollback.validation.advisor.Advisor;
import dev.rollback.validation.advisor.Assessment;
import dev.rollback.validation.advisor.Trigger;
import dev.rollback.validation.advisor.TriggerReading;
import dev.rollback.validation.baseline.Baseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The advisor issue's scenario on the e2e environment (real containers): a healthy environment needs no action; then
 * one fault at a time gives the runbook's severity, scope and command, and is undone before the next; {@code watch
 * --then-run service} rolls a failing service back once and stops recommending.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdvisorE2EIT {
    @TempDir
    static Path tmp;

    static DevStackE2E e;
    static Baseline baseline;

    @BeforeAll
    static void start() {
        e = DevStackE2E.start(tmp.resolve("s"), "main");
        baseline = e.backupAndRecordBaseline(-1);
    }

    @AfterAll
    static void remove() {
        if (e != null) {
            e.close();
        }
    }

    /** The live assessment, printed for the build's log. */
    private static Assessment assess() {
        Assessment a = Advisor.on(e.environment()).assess();
        System.out.println("[e2e] " + AssessmentPrinter.line(a));
        a.readings().forEach(r -> System.out.println("[e2e]   " + r.trigger() + ": " + r.value()));
        return a;
    }

    private static TriggerReading fired(Assessment a, Trigger t) {
        TriggerReading r = a.reading(t);
        assertThat(r.fired()).as(t + ": " + r.value()).isTrue();
        return r;
    }

    @Test
    @Order(1)
    void aHealthyEnvironmentNeedsNoAction() {
        Assessment a = assess();

        assertThat(a.fired()).as("fired triggers").isEmpty();
        assertThat(a.actionNeeded()).isFalse();
        assertThat(a.command()).isEmpty();
        // measured from the live environment, not left out
        assertThat(a.reading(Trigger.UNHEALTHY_SERVICES).value()).startsWith("0 of ");
        assertThat(a.reading(Trigger.MEMORY).measured()).isTrue();
        assertThat(a.reading(Trigger.CPU).measured()).isTrue();
        assertThat(a.reading(Trigger.DATA_INTEGRITY).value()).isEqualTo("no data check failed");
        assertThat(a.reading(Trigger.CRITICAL_SERVICE).value())
                .isEqualTo("the Vault unsealed, no database refusing connections");
        assertThat(a.reading(Trigger.TEST_FAILURES).measured()).isFalse();

        CliRun cli = CliRun.of("-C", e.home(), "advise");
        System.out.println("[e2e] rollback advise:\n" + cli.out());
        assertThat(cli.code()).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("The runbook's rollback triggers:", "unhealthy services", "No action");
        CliRun json = CliRun.of("-C", e.home(), "advise", "--json");
        assertThat(json.code()).as(json.out() + json.err()).isZero();
        assertThat(json.out()).contains("\"severity\" : \"NONE\"", "\"trigger\" : \"data_integrity\"");
    }

    @Test
    @Order(2)
    void junitReportsWithSixPercentFailuresFireTheTestTrigger() throws IOException {
        Path five = junit("five", 100, 5);
        Path six = junit("six", 100, 6);

        Assessment ok = Advisor.on(e.environment()).junitReports(five).assess();
        assertThat(ok.reading(Trigger.TEST_FAILURES).fired()).isFalse();
        assertThat(ok.reading(Trigger.TEST_FAILURES).value()).startsWith("5.0% (5 of 100");

        CliRun cli = CliRun.of("-C", e.home(), "advise", "--junit", six.toString());
        assertThat(cli.code()).as(cli.out() + cli.err()).isEqualTo(7);
        assertThat(cli.out()).contains("6.0% (6 of 100 tests failed or errored)", "Run:      rollback ");
        Assessment a = Advisor.on(e.environment()).junitReports(six).assess();
        assertThat(fired(a, Trigger.TEST_FAILURES).number()).isEqualTo(0.06);
        assertThat(a.fired()).extracting(TriggerReading::trigger).containsExactly(Trigger.TEST_FAILURES);
    }

    @Test
    @Order(3)
    void oneUnhealthyServiceIsMediumAndAServiceRollback() throws InterruptedException {
        String psql = e.breakPgbouncerHealthCheck();
        try {
            Assessment a = assess();
            assertThat(a.severity()).contains(Severity.MEDIUM);
            assertThat(a.scope()).contains(Scope.SERVICE);
            assertThat(a.services()).containsExactly("pgbouncer");
            assertThat(a.command()).contains("rollback service pgbouncer");
            assertThat(a.reading(Trigger.UNHEALTHY_SERVICES).fired()).isFalse();
            assertThat(a.reading(Trigger.UNHEALTHY_SERVICES).services()).containsExactly("pgbouncer");
            assertThat(a.expected()).isPresent();
        } finally {
            e.mendPgbouncerHealthCheck(psql);
        }
    }

    @Test
    @Order(4)
    void watchThenRunServiceRollsTheFailingServiceBackOnceAndStopsRecommending() throws Exception {
        e.breakPgbouncerHealthCheck();
        CliRun watch = CliRun.of("-C", e.home(), "watch", "--interval", "2s", "--then-run", "service", "--for", "40s");
        System.out.println("[e2e] watch: " + watch.out() + watch.err());

        // rolled back: a new container whose health check runs; the next assessment needs no action
        assertThat(watch.code()).as(watch.out() + watch.err()).isZero();
        assertThat(watch.out()).contains("MEDIUM service pgbouncer", "Running: rollback service pgbouncer");
        assertThat(watch.out()).containsPattern("(?s)Running: rollback service pgbouncer.*NONE: no trigger fired");
        assertThat(e.services.status("pgbouncer").flatMap(s -> s.health())).contains("healthy");
        List<RunRecord> runs = Runs.in(e.environment()).list().stream()
                .filter(r -> r.title().equals("service rollback of pgbouncer"))
                .toList();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).succeeded()).isTrue();
        String journal = Files.readString(e.environment().stateDir().resolve(WatchLog.FILE));
        assertThat(journal).contains("\"event\":\"ran\"", "\"ran\":\"rollback service pgbouncer\"", "\"exitCode\"");

        // within the hour it does not run again: it stops with the advice instead
        String psql = e.breakPgbouncerHealthCheck();
        try {
            CliRun again = CliRun.of("-C", e.home(), "watch", "--interval", "2s", "--then-run", "service");
            System.out.println("[e2e] watch again: " + again.out() + again.err());
            assertThat(again.code()).as(again.out() + again.err()).isEqualTo(7);
            assertThat(again.out())
                    .contains("Not run again: service rollback of pgbouncer already ran at")
                    .doesNotContain("Running:");
            assertThat(Runs.in(e.environment()).list().stream()
                            .filter(r -> r.title().equals("service rollback of pgbouncer")))
                    .hasSize(1);
        } finally {
            e.mendPgbouncerHealthCheck(psql);
        }
    }

    @Test
    @Order(5)
    void threeStoppedServicesAreCriticalAndAFullRollback() throws InterruptedException {
        List<String> three = List.of("forgejo", "mongodb", "pgbouncer");
        e.services.stop(three);
        try {
            Assessment a = assess();
            assertThat(a.severity()).contains(Severity.CRITICAL);
            assertThat(a.scope()).contains(Scope.FULL);
            assertThat(a.command()).contains("rollback full --from-backup latest");
            assertThat(a.reason()).isEqualTo("3 services failing, more than 2");
            TriggerReading r = fired(a, Trigger.UNHEALTHY_SERVICES);
            assertThat(r.services())
                    .containsExactlyElementsOf(three.stream().sorted().toList());
            CliRun text = CliRun.of("-C", e.home(), "advise");
            System.out.println("[e2e] rollback advise:\n" + text.out());
            assertThat(text.code()).as(text.out() + text.err()).isEqualTo(7);
            assertThat(text.out())
                    .contains("Severity: CRITICAL → full rollback", "Run:      rollback full --from-backup latest");
            CliRun watch = CliRun.of("-C", e.home(), "watch", "--once", "--json");
            assertThat(watch.code()).isEqualTo(7);
            assertThat(watch.out()).contains("\"severity\":\"CRITICAL\"", "\"scope\":\"full\"");
        } finally {
            e.services.start(three);
            e.services.awaitHealthy(e.environment(), three);
        }
    }

    @Test
    @Order(6)
    void aContainerInflatingItsMemoryFiresThePerformanceTrigger() throws InterruptedException {
        long total = baseline.totalMemoryBytes();
        long was = baseline.resources().get("reference-api").memoryBytes();
        long hogMib = Math.max(100, (long) (total * 0.35) >> 20);
        // dd holds its block while sleep, which never reads, keeps the pipe full; both end after 60 s
        e.services.run(
                "reference-api",
                Map.of(),
                "sh",
                "-c",
                "(dd if=/dev/zero bs=" + hogMib + "M count=1 2>/dev/null | sleep 60) >/dev/null 2>&1 &");
        try {
            e.awaitMemory("reference-api", b -> b > was + (hogMib << 20) * 3 / 4, Duration.ofSeconds(30));
            Assessment a = assess();
            TriggerReading r = fired(a, Trigger.MEMORY);
            assertThat(r.number()).isGreaterThan(0.20);
            assertThat(r.services()).containsExactly("reference-api");
            // the service grown past +20 % is to blame, and no phase's files changed: a service rollback
            assertThat(a.severity()).contains(Severity.MEDIUM);
            assertThat(a.services()).containsExactly("reference-api");
            assertThat(a.command()).contains("rollback service reference-api");
        } finally {
            e.awaitMemory("reference-api", b -> b < was + (50L << 20), Duration.ofSeconds(90));
        }
    }

    @Test
    @Order(7)
    void aDroppedTableIsADataIntegrityIssueAndAFullRollbackWithTheDatabases() {
        // the last fault: nothing after it needs the table
        e.data.psql("DROP TABLE orders");
        Assessment a = assess();

        TriggerReading r = fired(a, Trigger.DATA_INTEGRITY);
        assertThat(r.services()).containsExactly("postgres");
        assertThat(a.severity()).contains(Severity.CRITICAL);
        assertThat(a.command()).contains("rollback full --from-backup latest --databases");
    }

    /** A directory with one JUnit XML report of {@code tests} tests, {@code failed} of them failed. */
    private static Path junit(String name, int tests, int failed) throws IOException {
        Path dir = tmp.resolve("junit-" + name);
        Files.createDirectories(dir);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"suite\""
                + " tests=\"" + tests + "\" failures=\"" + failed + "\" errors=\"0\" skipped=\"0\">\n");
        for (int i = 0; i < tests; i++) {
            xml.append("  <testcase classname=\"Suite\" name=\"t").append(i).append("\"");
            xml.append(i < failed ? "><failure message=\"boom\"/></testcase>\n" : "/>\n");
        }
        Files.writeString(dir.resolve("TEST-suite.xml"), xml.append("</testsuite>\n"));
        return dir;
    }
}
