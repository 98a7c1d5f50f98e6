package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.backup.BackupSet;
import dev.rollback.errors.ExitCode;
import dev.rollback.git.GitRepository;
import dev.rollback.io.FileTrees;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.testing.RequiresDocker;
import dev.rollback.validation.devstack.DevStackSandbox;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rollback undo} of the complete environment rollback on the e2e environment: after
 * {@code full --from-backup <baseline> --volumes --databases} took every engine back to the baseline, the undo gives
 * back the state the run started from: git HEAD, branch and work tree, {@code .env} and the key directory byte for
 * byte, every volume's content and every database's data (compared with a backup set taken just before the run);
 * and so it does for a run killed half way, from a new process. A run killed half way and resumed reaches the end
 * state of an uninterrupted run, and the undo of the resumption gives back the pre-run state.
 */
@RequiresDocker
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UndoE2EIT {
    @TempDir
    static Path tmp;

    static DevStackE2E e;

    @BeforeAll
    static void start() {
        e = DevStackE2E.start(tmp.resolve("u"), "main");
    }

    @AfterAll
    static void remove() {
        if (e != null) {
            e.close();
        }
    }

    static BackupSet baselineSet;
    static BackupSet preSet;
    static String head;
    static String branch;
    static byte[] env;
    static Map<String, String> keys;
    static List<String> running;

    @Test
    @Order(1)
    void theUndoOfACompleteRollbackGivesBackThePreRunState() throws Exception {
        CliRun baseline = CliRun.of("-C", e.home(), "backup");
        assertThat(baseline.code()).as(baseline.out() + baseline.err()).isZero();
        baselineSet = e.latest();
        // the state the rollback will start from: every engine's data changed, work in progress in the work tree,
        // a local .env setting
        e.data.change();
        e.sandbox.write("docs/notes.md", "work in progress, not committed\n");
        e.sandbox.setEnv("E2E_LOCAL_SETTING", "kept");
        CliRun pre = CliRun.of("-C", e.home(), "backup");
        assertThat(pre.code()).as(pre.out() + pre.err()).isZero();
        preSet = e.latest();
        try (GitRepository repo = GitRepository.open(e.sandbox.home())) {
            head = repo.head().id();
            branch = repo.currentBranch().orElseThrow();
        }
        env = Files.readAllBytes(e.sandbox.home().resolve(".env"));
        keys = FileTrees.checksums(e.sandbox.keyDir());
        running = e.runtime.list(e.environment()).stream()
                .filter(c -> "running".equals(c.state()))
                .map(ContainerStatus::service)
                .toList();

        CliRun full = CliRun.of(
                "-C", e.home(), "full", "--from-backup", baselineSet.manifest().id(), "--volumes", "--databases");
        assertThat(full.code()).as(full.out() + full.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(e.dataDifferences(baselineSet))
                .allSatisfy((part, d) -> assertThat(d).as(part).isEmpty());

        CliRun undo = CliRun.of("-C", e.home(), "undo");

        assertThat(undo.code()).as(undo.out() + undo.err()).isEqualTo(ExitCode.SUCCESS);
        assertPreRunState(undo);
    }

    /**
     * The complete rollback killed (SIGKILL) at its step boundaries and inside its long steps: before the stop
     * (RabbitMQ's definitions kept, nothing changed yet), after the volumes' undo was recorded but before any was
     * emptied (the services stopped, git, the keys and .env already rolled back), inside the first volume's
     * replacement (its safety copy on disk, the volume being emptied, nothing extracted), between the second restart
     * wave and its health wait, before the Redis cluster's check (every service back and
     * healthy), and inside the database restores (RabbitMQ's safety dump whole, its restore not begun: the other
     * engines' data came back with their volumes, and the Vault KV restore runs beside it). The undo from a new
     * process gives back the pre-run state each time.
     */
    @ParameterizedTest(name = "killed at {0}")
    @Order(2)
    @ValueSource(
            strings = {
                "stop",
                "volume-restore:recorded",
                "volume-restore:extracting",
                "await-healthy#2",
                "redis-cluster-reform",
                "db-restore:rabbitmq-safety-dumped"
            })
    void theUndoOfACompleteRollbackKilledHalfWayGivesBackThePreRunState(String point) throws Exception {
        String printed = KilledRun.at(
                        e.sandbox.home(),
                        point,
                        Map.of(),
                        Duration.ofMinutes(5),
                        "full",
                        "--from-backup",
                        baselineSet.manifest().id(),
                        "--volumes",
                        "--databases")
                .kill();

        CliRun undo = CliRun.of("-C", e.home(), "undo");

        assertThat(undo.code()).as(printed + undo.out() + undo.err()).isEqualTo(ExitCode.SUCCESS);
        assertPreRunState(undo);
    }

    /**
     * {@code rollback resume} of the complete rollback killed (SIGKILL) before the stop (RabbitMQ's definitions
     * kept), inside the volumes' replacement (its undo recorded, no
     * volume emptied yet; then inside the first volume's replacement, emptied and nothing extracted), before its
     * first restart wave (every volume back, the services down), before Vault's unseal (recreated, sealed), between
     * the second wave and its health wait, before the Redis cluster's check and inside the
     * database restores: from a new process the resumption reaches the state an uninterrupted run reaches
     * (S1's checks: HEAD, .env, keys, volumes, every engine's data equal to the baseline set, the cluster formed,
     * every service healthy); then undoing the resumption (which undoes the interrupted run too) gives back the state
     * before the interrupted run.
     */
    @ParameterizedTest(name = "killed at {0}")
    @Order(3)
    @ValueSource(
            strings = {
                "stop",
                "volume-restore:recorded",
                "volume-restore:extracting",
                "recreate",
                "vault-unseal",
                "await-healthy#2",
                "redis-cluster-reform",
                "db-restore:rabbitmq-safety-dumped"
            })
    void aCompleteRollbackKilledHalfWayIsResumedToTheEndAndTheResumptionUndoneToTheStart(String point)
            throws Exception {
        String printed = KilledRun.at(
                        e.sandbox.home(),
                        point,
                        Map.of(),
                        Duration.ofMinutes(5),
                        "full",
                        "--from-backup",
                        baselineSet.manifest().id(),
                        "--volumes",
                        "--databases")
                .kill();

        CliRun resume = CliRun.of("-C", e.home(), "resume");

        assertThat(resume.code()).as(printed + resume.out() + resume.err()).isEqualTo(ExitCode.SUCCESS);
        // the steps done before are skipped; the checks among them (the set's verification) run again
        assertThat(resume.out()).contains("resuming run", "done before, skipped");
        try (GitRepository repo = GitRepository.open(e.sandbox.home())) {
            assertThat(repo.head().id()).isEqualTo(baselineSet.manifest().git().commit());
        }
        assertThat(Files.readAllBytes(e.sandbox.home().resolve(".env")))
                .isEqualTo(DevStackE2E.content(baselineSet, "env"));
        assertThat(e.services.vaultSealed()).isFalse();
        assertThat(e.volumesEqualToSet(baselineSet, List.of("vault_data", "forgejo_data", "reference_api_data")))
                .isNotEmpty()
                .allSatisfy((v, equal) -> assertThat(equal).as(v).isTrue());
        e.awaitDockerHealthy(running, Duration.ofSeconds(90));
        assertThat(e.dataDifferences(baselineSet))
                .allSatisfy((part, d) -> assertThat(d).as(part).isEmpty());
        for (String node : DevStackSandbox.REDIS_NODES) {
            assertThat(e.services.run(node, e.services.redisAuth(node), "redis-cli", "cluster", "info"))
                    .contains("cluster_state:ok");
        }
        assertThat(e.data.redisGet("after:backup")).isEmpty();

        CliRun undo = CliRun.of("-C", e.home(), "undo");

        assertThat(undo.code()).as(undo.out() + undo.err()).isEqualTo(ExitCode.SUCCESS);
        assertPreRunState(undo);
    }

    private static void assertPreRunState(CliRun undo) throws Exception {
        try (GitRepository repo = GitRepository.open(e.sandbox.home())) {
            assertThat(repo.head().id()).isEqualTo(head);
            assertThat(repo.currentBranch()).contains(branch);
        }
        assertThat(e.sandbox.read("docs/notes.md")).isEqualTo("work in progress, not committed\n");
        assertThat(Files.readAllBytes(e.sandbox.home().resolve(".env"))).isEqualTo(env);
        assertThat(FileTrees.checksums(e.sandbox.keyDir())).isEqualTo(keys);
        assertThat(e.volumesEqualToSet(preSet, List.of("vault_data", "forgejo_data", "reference_api_data")))
                .isNotEmpty()
                .allSatisfy((v, equal) -> assertThat(equal).as(v).isTrue());
        e.awaitDockerHealthy(running, Duration.ofSeconds(90));
        Map<String, List<String>> diffs = e.dataDifferences(preSet);
        assertThat(diffs.keySet())
                .contains(
                        "db-dump:postgres",
                        "db-dump:mysql",
                        "db-dump:mongodb",
                        "db-dump:redis-1",
                        "db-dump:rabbitmq",
                        "vault-kv:vault");
        assertThat(diffs).allSatisfy((part, d) -> assertThat(d).as(part).isEmpty());
        assertThat(e.data.redisGet("after:backup")).isEqualTo("1");
        assertThat(undo.out() + undo.err())
                .doesNotContain(e.sandbox.secrets().field("postgres", "password"))
                .doesNotContain(e.sandbox.env("VAULT_TOKEN"));
    }
}
