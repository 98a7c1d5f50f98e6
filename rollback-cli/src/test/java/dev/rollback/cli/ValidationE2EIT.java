package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.validation.Validation;
import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.report.CheckOutcome;
import dev.rollback.validation.report.CheckStatus;
import dev.rollback.validation.report.TextReport;
import dev.rollback.validation.report.ValidationReport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validation issue's scenario on the e2e environment (real containers): a healthy environment passes every
 * check, in every report format; then one fault at a time makes exactly the matching check fail and no other, and
 * is undone before the next.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValidationE2EIT {
    /** A test command whose TAP output says two tests passed. */
    private static final String PASSING_TESTS = "printf 'ok 1 - vault\\nok 2 - postgres\\n1..2\\n'";

    @TempDir
    static Path tmp;

    static DevStackE2E e;
    static Baseline baseline;

    @BeforeAll
    static void start() {
        e = DevStackE2E.start(tmp.resolve("s"), "main");
        baseline = e.backupAndRecordBaseline(2);
    }

    @AfterAll
    static void remove() {
        if (e != null) {
            e.close();
        }
    }

    /** The post-rollback validation with logs read from {@code since}, its report printed for the build's log. */
    private static ValidationReport validate(Instant since, String tests) {
        ValidationReport r = Validation.of(e.environment())
                .postRollback()
                .since(since)
                .runningTests(tests)
                .run();
        System.out.println(TextReport.ascii().render(r));
        return r;
    }

    private static Set<String> failed(ValidationReport r) {
        return r.failures().stream().map(CheckOutcome::id).collect(Collectors.toSet());
    }

    /** A moment after every log line written so far (the engine reads logs by the second). */
    private static Instant now() throws InterruptedException {
        Thread.sleep(1100);
        return Instant.now();
    }

    @Test
    @Order(1)
    void aHealthyEnvironmentPassesEveryCheck() throws InterruptedException {
        ValidationReport r = validate(baseline.at(), PASSING_TESTS);

        assertThat(r.failures()).as("failed checks").isEmpty();
        assertThat(r.passed()).isTrue();
        assertThat(r.exitCode()).isZero();
        List<String> ids = r.outcomes().stream().map(CheckOutcome::id).toList();
        assertThat(ids)
                .contains(
                        "git.branch",
                        "git.commit",
                        "git.clean",
                        "services.running",
                        "services.healthy",
                        "services.networks",
                        "vault.unsealed",
                        "vault.root-token",
                        "vault.tls-env",
                        "vault.tls-secrets",
                        "vault.kv-data",
                        "db.postgres.connect",
                        "db.mysql.connect",
                        "db.mongodb.connect",
                        "db.rabbitmq.connect",
                        "db.redis-1.connect",
                        "db.redis-1.cluster",
                        "db.postgres.data",
                        "db.mysql.data",
                        "db.mongodb.data",
                        "db.rabbitmq.data",
                        "http.reference-api",
                        "http.forgejo",
                        "files.env",
                        "files.keys",
                        "files.keys-mode",
                        "resources.memory",
                        "resources.cpu",
                        "resources.response-time",
                        "logs.critical",
                        "tests.suite");
        assertThat(ids.stream().filter(i -> i.startsWith("db.redis"))).isNotEmpty();
        // every check ran: none skipped on a healthy environment with a set and a baseline
        assertThat(r.outcomes().stream().filter(o -> o.status() == CheckStatus.SKIPPED))
                .as("skipped checks")
                .isEmpty();
        assertThat(r.resources()).isNotEmpty();
        System.out.println("[e2e] validation of the healthy environment took "
                + r.took().toMillis() + " ms for " + r.outcomes().size() + " checks");
    }

    @Test
    @Order(2)
    void theCliPrintsTheChecklistWithAVerdictInEveryFormat() throws IOException {
        for (String format : List.of("text", "json", "junit", "html")) {
            Path out = tmp.resolve("report." + format);
            CliRun r = CliRun.of(
                    "-C",
                    e.home(),
                    "validate",
                    "--format",
                    format,
                    "--output",
                    out.toString(),
                    "--tests",
                    PASSING_TESTS,
                    "--since",
                    "30m");
            assertThat(r.code()).as(format + ": " + r.out() + r.err()).isZero();
            assertThat(r.out()).contains(out.toString());
            String report = Files.readString(out);
            assertThat(report).as(format).contains("services.healthy", "db.postgres.data", "files.keys-mode");
        }
        assertThat(Files.readString(tmp.resolve("report.json"))).containsPattern("\"passed\"\\s*:\\s*true");
        assertThat(Files.readString(tmp.resolve("report.junit"))).contains("failures=\"0\"");
        assertThat(Files.readString(tmp.resolve("report.html"))).contains("<svg");
    }

    @Test
    @Order(3)
    void aStoppedServiceFailsOnlyServicesRunning() throws InterruptedException {
        Instant since = now();
        e.services.stop(List.of("mongodb"));
        try {
            ValidationReport r = validate(since, PASSING_TESTS);
            assertThat(failed(r)).containsExactly("services.running");
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(outcome(r, "services.running").found()).contains("mongodb");
            assertThat(outcome(r, "db.mongodb.data").status()).isEqualTo(CheckStatus.SKIPPED);
            assertThat(outcome(r, "db.mongodb.connect").reason())
                    .isEqualTo("mongodb is not running (see services.running)");
        } finally {
            e.services.start(List.of("mongodb"));
            e.services.awaitHealthy(e.environment(), List.of("mongodb"));
        }
    }

    @Test
    @Order(4)
    void anUnhealthyServiceFailsOnlyServicesHealthy() throws InterruptedException {
        String psql = e.breakPgbouncerHealthCheck();
        try {
            ValidationReport r = validate(now(), PASSING_TESTS);
            assertThat(failed(r)).containsExactly("services.healthy");
            assertThat(outcome(r, "services.healthy").found()).contains("pgbouncer (unhealthy)");
        } finally {
            e.mendPgbouncerHealthCheck(psql);
        }
    }

    @Test
    @Order(5)
    void aSealedVaultFailsOnlyVaultUnsealed() throws Exception {
        Instant since = now();
        String token =
                Files.readString(e.sandbox.keyDir().resolve("root-token")).strip();
        HttpResponse<String> sealed = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://" + e.services.address("vault", 8200) + "/v1/sys/seal"))
                                .header("X-Vault-Token", token)
                                .PUT(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(sealed.statusCode()).isLessThan(300);
        try {
            ValidationReport r = validate(since, PASSING_TESTS);
            assertThat(failed(r)).containsExactly("vault.unsealed");
            assertThat(outcome(r, "vault.unsealed").found()).contains("sealed");
            assertThat(outcome(r, "db.postgres.data").status()).isEqualTo(CheckStatus.SKIPPED);
        } finally {
            CliRun unseal = CliRun.of("-C", e.home(), "vault", "unseal");
            assertThat(unseal.code()).as(unseal.out() + unseal.err()).isZero();
        }
    }

    @Test
    @Order(6)
    void aChangedEnvLineFailsOnlyFilesEnv() throws Exception {
        Instant since = now();
        Path env = e.sandbox.home().resolve(".env");
        String before = Files.readString(env);
        Files.writeString(env, before.replace("LOG_LEVEL=info", "LOG_LEVEL=debug"));
        try {
            ValidationReport r = validate(since, PASSING_TESTS);
            assertThat(failed(r)).containsExactly("files.env");
            assertThat(outcome(r, "files.env").found()).isEqualTo("LOG_LEVEL changed");
        } finally {
            Files.writeString(env, before);
        }
    }

    @Test
    @Order(7)
    void aLooseKeyFileModeFailsOnlyFilesKeysMode() throws Exception {
        Instant since = now();
        Path keys = e.sandbox.keyDir().resolve("keys.json");
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            ValidationReport r = validate(since, PASSING_TESTS);
            assertThat(failed(r)).containsExactly("files.keys-mode");
            assertThat(outcome(r, "files.keys-mode").found()).contains("keys.json is rw-r--r--");
        } finally {
            Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    @Order(8)
    void anApiAnsweringDegradedOrUnhealthyWith200FailsOnlyItsHttpCheck() throws Exception {
        for (String word : List.of("degraded", "unhealthy")) {
            Instant since = now();
            e.services.run("reference-api", Map.of(), "sh", "-c", "echo " + word + " > /data/health-status");
            try {
                ValidationReport r = validate(since, PASSING_TESTS);
                assertThat(failed(r)).as(word).containsExactly("http.reference-api");
                assertThat(outcome(r, "http.reference-api").found()).contains("HTTP 200", "\"" + word + "\"");
            } finally {
                e.services.run("reference-api", Map.of(), "rm", "-f", "/data/health-status");
            }
        }
    }

    @Test
    @Order(9)
    void aCriticalLogLineFailsOnlyLogsCritical() throws InterruptedException {
        Instant since = now();
        // a client asking for a database that does not exist: the server itself logs a FATAL line
        e.services.exec("postgres", Map.of(), "psql", "-U", "dev_admin", "-d", "no_such_database", "-c", "SELECT 1");
        ValidationReport r = validate(since, PASSING_TESTS);
        assertThat(failed(r)).containsExactly("logs.critical");
        assertThat(outcome(r, "logs.critical").found()).contains("postgres: 1 critical line", "no_such_database");
    }

    @Test
    @Order(10)
    void aMemoryHogFailsOnlyResourcesMemory() throws InterruptedException {
        Instant since = now();
        // dd holds its 400 MB block while sleep, which never reads, keeps the pipe full; both end after 60 s
        e.services.run(
                "reference-api",
                Map.of(),
                "sh",
                "-c",
                "(dd if=/dev/zero bs=400M count=1 2>/dev/null | sleep 60) >/dev/null 2>&1 &");
        try {
            e.awaitMemory("reference-api", bytes -> bytes > 300L << 20, Duration.ofSeconds(30));
            ValidationReport r = validate(since, PASSING_TESTS);
            assertThat(failed(r)).containsExactly("resources.memory");
            assertThat(outcome(r, "resources.memory").found()).contains("reference-api");
        } finally {
            e.awaitMemory("reference-api", bytes -> bytes < 200L << 20, Duration.ofSeconds(90));
        }
    }

    @Test
    @Order(11)
    void aFailingTestCommandFailsOnlyTestsSuite() throws InterruptedException {
        ValidationReport r = validate(now(), "printf 'ok 1 - vault\\nnot ok 2 - postgres\\n1..2\\n'; exit 1");
        assertThat(failed(r)).containsExactly("tests.suite");
        assertThat(outcome(r, "tests.suite").found()).contains("exit 1", "1 failed");
    }

    @Test
    @Order(12)
    void aDeletedRedisKeyFailsOnlyTheRedisDataCheck() throws InterruptedException {
        Instant since = now();
        e.data.redis("DEL session:42\n");
        try {
            ValidationReport r = validate(since, PASSING_TESTS);
            assertThat(failed(r)).hasSize(1);
            assertThat(failed(r).iterator().next()).startsWith("db.redis").endsWith(".data");
        } finally {
            e.data.redis("SET session:42 user-42\n");
        }
    }

    @Test
    @Order(13)
    void aDroppedTableFailsOnlyThePostgresDataCheck() throws InterruptedException {
        // the last fault: nothing after it needs the table
        Instant since = now();
        e.data.psql("DROP TABLE orders");
        ValidationReport r = validate(since, PASSING_TESTS);
        assertThat(failed(r)).containsExactly("db.postgres.data");
        assertThat(outcome(r, "db.postgres.data").found()).contains("orders");
    }

    private static CheckOutcome outcome(ValidationReport r, String id) {
        return r.outcomes().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
    }
}
