package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.backup.BackupSet;
import dev.rollback.errors.ExitCode;
import dev.rollback.git.GitRepository;
import dev.rollback.io.FileTrees;
import dev.rollback.testing.RequiresDocker;
import dev.rollback.validation.devstack.Breakage;
import dev.rollback.validation.devstack.DevStackSandbox;
import dev.rollback.validation.devstack.SandboxServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The runbook's procedures as scenarios on the e2e environment (a DevStack-shaped project of real containers),
 * each asserting the state it leaves: S1 the complete environment rollback when all services fail, S2 the
 * databases alone with the services stopped, S3 a service that never becomes healthy, S4 phase and security
 * rollbacks recreating exactly what they reach. One sandbox, the scenarios in order.
 */
@RequiresDocker
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullRollbackE2EIT {
    @TempDir
    static Path tmp;

    static DevStackE2E e;
    static BackupSet baselineSet;

    @BeforeAll
    static void start() {
        e = DevStackE2E.start(tmp.resolve("s"), "main");
    }

    @AfterAll
    static void remove() {
        if (e != null) {
            e.close();
        }
    }

    private static List<String> everyService() {
        List<String> all = new ArrayList<>(List.of("vault"));
        all.addAll(SandboxServices.STARTED);
        return all;
    }

    @Test
    @Order(1)
    void s1AllServicesFailingComeBackWithOneCommand() throws Exception {
        CliRun backup = CliRun.of("-C", e.home(), "backup");
        assertThat(backup.code()).as(backup.out() + backup.err()).isZero();
        baselineSet = e.latest();
        Map<String, String> keysAtBackup = FileTrees.checksums(e.sandbox.keyDir());
        Breakage.allServicesFailing(e.sandbox, e.services, e.data);
        assertThat(e.services.vaultSealed()).isTrue();

        CliRun full = CliRun.of("-C", e.home(), "full", "--from-backup", "latest", "--volumes", "--databases");

        assertThat(full.code()).as(full.out() + full.err()).isEqualTo(ExitCode.SUCCESS);
        try (GitRepository repo = GitRepository.open(e.sandbox.home())) {
            assertThat(repo.head().id()).isEqualTo(e.sandbox.baseline().id());
            assertThat(repo.currentBranch()).contains("main");
            assertThat(repo.status().clean()).isTrue();
        }
        assertThat(Files.readAllBytes(e.sandbox.home().resolve(".env")))
                .isEqualTo(DevStackE2E.content(baselineSet, "env"));
        assertThat(FileTrees.checksums(e.sandbox.keyDir())).isEqualTo(keysAtBackup);
        assertThat(e.services.vaultSealed()).isFalse();
        assertThat(e.volumesEqualToSet(baselineSet, List.of("vault_data", "forgejo_data", "reference_api_data")))
                .hasSize(3)
                .allSatisfy((v, equal) -> assertThat(equal).as(v).isTrue());
        Map<String, List<String>> diffs = e.dataDifferences(baselineSet);
        assertThat(diffs.keySet())
                .contains(
                        "db-dump:postgres",
                        "db-dump:mysql",
                        "db-dump:mongodb",
                        "db-dump:redis-1",
                        "db-dump:rabbitmq",
                        "vault-kv:vault");
        assertThat(diffs).allSatisfy((part, d) -> assertThat(d).as(part).isEmpty());
        for (String node : DevStackSandbox.REDIS_NODES) {
            assertThat(e.services.run(node, e.services.redisAuth(node), "redis-cli", "cluster", "info"))
                    .contains("cluster_state:ok");
        }
        assertThat(e.data.redisGet("session:1")).isEqualTo("user-1");
        assertThat(e.data.redisGet("session:2999")).isEqualTo("user-2999");
        assertThat(e.data.redisGet("after:backup")).isEmpty();
        assertThat(e.data.postgresOrders()).isEqualTo(3000);
        e.awaitDockerHealthy(everyService(), Duration.ofSeconds(60));
        // the run ended with the checks of its scope, the restored data against the set among them
        assertThat(full.out())
                .contains(
                        "Checking what the rollback promised",
                        "[db.postgres.data]",
                        "[vault.kv-data]",
                        "[files.env]",
                        "PASSED:",
                        "Validation report: ");
        assertThat(e.sandbox.home().resolve(".rollback/runs/" + runId(full) + "/validation.html"))
                .isNotEmptyFile();
        assertThat(full.out() + full.err())
                .doesNotContain(e.sandbox.secrets().field("postgres", "password"))
                .doesNotContain(e.sandbox.env("VAULT_TOKEN"));
    }

    @Test
    @Order(2)
    void s2DatabasesAloneComeBackIntoStoppedServices() throws Exception {
        e.data.psql("DELETE FROM orders WHERE id > 10");
        e.data.mysql("DELETE FROM customers");
        e.data.redis("SET session:7 lost\n");
        e.services.stop(everyService());

        CliRun full = CliRun.of(
                "-C", e.home(), "full", "--from-backup", baselineSet.manifest().id(), "--databases");

        assertThat(full.code()).as(full.out() + full.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(full.out())
                .contains(" into postgres in ", " into mysql in ", " into redis-1 in ", " into rabbitmq in ");
        assertThat(e.dataDifferences(baselineSet))
                .allSatisfy((part, d) -> assertThat(d).as(part).isEmpty());
        assertThat(e.data.redisGet("session:7")).isEqualTo("user-7");
        // the services of COMPOSE_PROFILES are back; the reference API (profile "reference") was not running and
        // is not in COMPOSE_PROFILES: it stays stopped, as the project had it
        List<String> active = new ArrayList<>(everyService());
        active.remove("reference-api");
        e.awaitDockerHealthy(active, Duration.ofSeconds(60));
        assertThat(e.services.status("reference-api"))
                .hasValueSatisfying(c -> assertThat(c.state()).isEqualTo("exited"));
    }

    @Test
    @Order(3)
    void s3AServiceThatNeverBecomesHealthyIsNamedAndNothingReplacedIsLost() throws Exception {
        // a corrupted Forgejo data folder: a restart without --volumes cannot mend it
        e.services.run("forgejo", Map.of(), "sh", "-c", "echo '{not json' > /data/state.json");
        String envBefore = e.sandbox.read(".env").replace("MYSQL_ENABLE_TLS=false", "MYSQL_ENABLE_TLS=true");
        e.sandbox.write(".env", envBefore);
        Files.writeString(e.sandbox.keyDir().resolve("root-token"), "hvs.rotated-after-the-backup\n");

        CliRun full =
                CliRun.of("-C", e.home(), "full", "--from-backup", "latest", "--restart", "--health-timeout", "15s");

        assertThat(full.code()).as(full.out() + full.err()).isEqualTo(ExitCode.HEALTH_TIMEOUT);
        assertThat(full.err()).contains("forgejo");
        Path runs = e.sandbox.home().resolve(".rollback/runs");
        Path run;
        try (var dirs = Files.list(runs)) {
            run = dirs.sorted().reduce((a, b) -> b).orElseThrow();
        }
        assertThat(run.resolve("safety/vault-keys-before/root-token")).hasContent("hvs.rotated-after-the-backup\n");
        assertThat(full.out() + full.err()).contains(run.resolve("safety").toString());
        try (var copies = Files.list(e.sandbox.home())) {
            List<Path> envCopies = copies.filter(p -> p.getFileName().toString().startsWith(".env.rollback-"))
                    .collect(Collectors.toList());
            assertThat(envCopies).anySatisfy(p -> assertThat(p).hasContent(envBefore));
        }
    }

    @Test
    @Order(4)
    void s4PhaseAndSecurityRollbacksRecreateExactlyTheServicesTheyReach() throws Exception {
        e.services.run("forgejo", Map.of(), "sh", "-c", "rm -rf /data/state.json /data/repositories");
        try (GitRepository repo = GitRepository.open(e.sandbox.home())) {
            repo.hardReset(e.sandbox.improvement().id());
        }
        Map<String, String> before = e.services.containerIds();
        Map<String, String> filesBefore = e.files();

        CliRun phase = CliRun.of("-C", e.home(), "phase", "phase-1");

        assertThat(phase.code()).as(phase.out() + phase.err()).isZero();
        Map<String, String> afterPhase = e.services.containerIds();
        Map<String, String> filesAfterPhase = e.files();
        assertThat(changed(before, afterPhase)).containsExactly("postgres");
        assertThat(e.sandbox.read("configs/postgres/performance/tuning.conf")).contains("work_mem = 4MB");

        CliRun security = CliRun.of("-C", e.home(), "security", "root-token", "--await-healthy", "90s");

        assertThat(security.code()).as(security.out() + security.err()).isZero();
        assertThat(changed(afterPhase, e.services.containerIds()))
                .containsExactlyInAnyOrder("postgres", "mysql", "mongodb", "redis-1", "redis-2", "redis-3", "rabbitmq");
        assertThat(e.sandbox.home().resolve(".rollback/security-override.yml")).exists();

        // each undone, newest first, by its run id: the files as they were before it, its services recreated
        CliRun undoSecurity = CliRun.of("-C", e.home(), "undo", runId(security), "--health-timeout", "90s");

        assertThat(undoSecurity.code())
                .as(undoSecurity.out() + undoSecurity.err())
                .isZero();
        assertThat(e.sandbox.home().resolve(".rollback/security-override.yml")).doesNotExist();
        assertThat(e.files()).isEqualTo(filesAfterPhase);
        e.awaitDockerHealthy(List.of("postgres", "mysql", "mongodb", "redis-1", "rabbitmq"), Duration.ofSeconds(90));

        CliRun undoPhase = CliRun.of("-C", e.home(), "undo", runId(phase));

        assertThat(undoPhase.code()).as(undoPhase.out() + undoPhase.err()).isZero();
        assertThat(e.files()).isEqualTo(filesBefore);
        assertThat(e.sandbox.read("configs/postgres/performance/tuning.conf")).doesNotContain("work_mem = 4MB");
        e.awaitDockerHealthy(List.of("postgres"), Duration.ofSeconds(60));
    }

    /** The run id a successful CLI run printed ({@code Done: ... (run <id>; journal ...)}). */
    private static String runId(CliRun run) {
        Matcher m = Pattern.compile("\\(run ([^;]+);").matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        return m.group(1);
    }

    @Test
    @Order(5)
    void s5ABackupThatCannotReachADatabaseWritesNothingUnlessPartialAndAPartialSetIsRefusedForDatabases()
            throws Exception {
        e.services.stop(List.of("mysql"));
        int sets = e.sets();
        try {
            CliRun refused = CliRun.of("-C", e.home(), "backup");

            assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(ExitCode.INCOMPLETE);
            assertThat(refused.err()).contains("mysql", "nothing was written", "--partial");
            assertThat(e.sets()).isEqualTo(sets);

            CliRun partial = CliRun.of("-C", e.home(), "backup", "--partial");

            assertThat(partial.code()).as(partial.out() + partial.err()).isEqualTo(ExitCode.INCOMPLETE);
            assertThat(partial.err()).contains("partial backup", "db-dump:mysql");
            BackupSet set = e.latest();
            assertThat(set.manifest().artifacts())
                    .noneMatch(a -> "mysql".equals(a.service()))
                    .anyMatch(a -> "postgres".equals(a.service()));

            CliRun full = CliRun.of(
                    "-C", e.home(), "full", "--from-backup", set.manifest().id(), "--databases", "--dry-run");

            assertThat(full.code()).as(full.out() + full.err()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
            assertThat(full.out()).contains("db-dump:mysql", "--databases");
        } finally {
            e.services.start(List.of("mysql"));
        }
    }

    @Test
    @Order(6)
    void s6APostgresRollbackRecreatesWhatDependsOnItWithIt() throws Exception {
        Map<String, String> before = e.services.containerIds();

        CliRun service = CliRun.of("-C", e.home(), "service", "postgres", "--await-healthy", "60s");

        // the runbook's "stop postgres pgbouncer ... up -d postgres pgbouncer"; Forgejo depends on PostgreSQL too
        assertThat(service.code()).as(service.out() + service.err()).isZero();
        assertThat(changed(before, e.services.containerIds())).containsExactly("forgejo", "pgbouncer", "postgres");
        Map<String, String> afterService = e.services.containerIds();

        CliRun undo = CliRun.of("-C", e.home(), "undo");

        assertThat(undo.code()).as(undo.out() + undo.err()).isZero();
        assertThat(changed(afterService, e.services.containerIds()))
                .containsExactly("forgejo", "pgbouncer", "postgres");
        e.awaitDockerHealthy(List.of("postgres", "pgbouncer", "forgejo"), Duration.ofSeconds(60));
    }

    private static List<String> changed(Map<String, String> before, Map<String, String> after) {
        return after.entrySet().stream()
                .filter(x -> !x.getValue().equals(before.get(x.getKey())))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
