package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.backup.TarFingerprint;
import dev.rollback.env.Environment;
import dev.rollback.io.FileTrees;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.BackupContributors;
import dev.rollback.spi.Connections;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import dev.rollback.spi.ContainerStats;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.SecretStore;
import dev.rollback.spi.SecretStores;
import dev.rollback.spi.VolumeStore;
import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.baseline.Baselines;
import dev.rollback.validation.devstack.DevStackSandbox;
import dev.rollback.validation.devstack.SandboxData;
import dev.rollback.validation.devstack.SandboxServices;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The e2e tier's environment: a running DevStack sandbox (real containers on the local images) with its data
 * seeded, and the assertions every scenario makes on the state it leaves: fingerprints, health, files.
 *
 * <p>{@code DevStackE2E e = DevStackE2E.start(tmp, "main"); ... e.close();}
 */
final class DevStackE2E implements AutoCloseable {
    final DevStackSandbox sandbox;
    final ContainerRuntime runtime;
    final SandboxServices services;
    final SandboxData data;

    private DevStackE2E(DevStackSandbox sandbox, ContainerRuntime runtime) {
        this.sandbox = sandbox;
        this.runtime = runtime;
        this.services = sandbox.services(runtime);
        this.data = new SandboxData(sandbox, services);
    }

    /** Creates the sandbox in {@code dir}, starts every service and seeds the data. */
    static DevStackE2E start(Path dir, String branch) {
        Path where = dir;
        if (System.getenv("ROLLBACK_E2E_KEEP") != null) { // outside the test's temporary folder, which JUnit removes
            try {
                where = Files.createTempDirectory("rollback-e2e-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        DevStackSandbox sandbox = DevStackSandbox.create(where, branch);
        ContainerRuntime rt = ContainerRuntimes.connect(sandbox.environment(), Duration.ofSeconds(5))
                .orElseThrow();
        DevStackE2E e = new DevStackE2E(sandbox, rt);
        try {
            e.services.start(line -> System.out.println("[e2e] " + line));
            e.data.seed();
            return e;
        } catch (RuntimeException ex) {
            e.close();
            throw ex;
        }
    }

    String home() {
        return sandbox.home().toString();
    }

    Environment environment() {
        return sandbox.environment();
    }

    /** The newest backup set of the sandbox. */
    BackupSet latest() {
        return Backups.in(environment()).list().get(0);
    }

    /** How many finished sets the backup root holds. */
    int sets() {
        return Backups.in(environment()).list().size();
    }

    /** An artifact's plain content. */
    static byte[] content(BackupSet set, String kind) {
        BackupManifest.Artifact a = set.manifest().artifacts().stream()
                .filter(x -> x.kind().equals(kind))
                .findFirst()
                .orElseThrow();
        try (InputStream in = set.content(a, (BackupKey) null)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Per volume of the set: whether the live volume's content fingerprint equals the set's copy's. */
    Map<String, Boolean> volumesEqualToSet(BackupSet set, List<String> volumes) throws IOException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        VolumeStore store = (VolumeStore) runtime;
        for (BackupManifest.Artifact a : set.manifest().artifacts()) {
            if (!a.kind().equals("volume")
                    || volumes.stream().noneMatch(v -> a.service().endsWith("_" + v))) {
                continue;
            }
            TarFingerprint.Result want;
            try (InputStream in = set.content(a, (BackupKey) null)) {
                want = TarFingerprint.of(in);
            }
            ByteArrayOutputStream live = new ByteArrayOutputStream();
            store.archiveVolume(a.service(), live);
            TarFingerprint.Result got = TarFingerprint.of(new ByteArrayInputStream(live.toByteArray()));
            out.put(a.service(), want.sha256().equals(got.sha256()));
        }
        return out;
    }

    /** Per database dump and Vault export of the set: how the live service differs from it (empty: equal). */
    Map<String, List<String>> dataDifferences(BackupSet set) {
        Environment env = environment();
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (SecretStore secrets = SecretStores.open(env, Duration.ofSeconds(5)).orElseThrow()) {
            BackupContext ctx = new BackupContext(
                    env, Optional.of(runtime), Optional.of((VolumeStore) runtime), Optional.of(secrets), List.of());
            List<BackupContributor> contributors = BackupContributors.all();
            for (BackupManifest.Artifact a : set.manifest().artifacts()) {
                for (BackupContributor c : contributors) {
                    c.compareLive(ctx, BackupSet.info(a)).ifPresent(d -> out.put(a.kind() + ":" + a.service(), d));
                }
            }
        }
        return out;
    }

    /**
     * What rollbacks and their undos change on disk: every file of the project (not git's, not the tool's own
     * {@code .rollback/} and {@code .env.rollback-*}, not the backups) and of the key directory, by checksum.
     */
    Map<String, String> files() throws IOException {
        Map<String, String> out = new TreeMap<>();
        FileTrees.checksums(sandbox.home()).forEach((f, sum) -> {
            if (!f.startsWith(".git/")
                    && !f.startsWith(".rollback/")
                    && !f.startsWith(".env.rollback-")
                    && !f.startsWith("backups/")) {
                out.put(f, sum);
            }
        });
        FileTrees.checksums(sandbox.keyDir()).forEach((f, sum) -> out.put("keys/" + f, sum));
        return out;
    }

    /** Waits until Docker itself reports every listed service healthy (its own checks run at their interval). */
    void awaitDockerHealthy(List<String> services, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> notYet = new ArrayList<>(services);
        while (!notYet.isEmpty()) {
            List<ContainerStatus> all = runtime.list(environment());
            notYet.removeIf(s -> all.stream()
                    .anyMatch(c -> c.service().equals(s)
                            && "running".equals(c.state())
                            && c.health().map("healthy"::equals).orElse(true)));
            if (!notYet.isEmpty() && System.nanoTime() - deadline > 0) {
                assertThat(notYet)
                        .as("services Docker does not report healthy: %s", all)
                        .isEmpty();
            }
            Thread.sleep(500);
        }
    }

    /**
     * Takes a backup set with the CLI ({@code rollback backup}) and records the healthy environment's baseline, with
     * the test suite's count when it is not negative; returns the baseline.
     */
    Baseline backupAndRecordBaseline(int testCount) {
        CliRun backup = CliRun.of("-C", home(), "backup");
        assertThat(backup.code()).as(backup.out() + backup.err()).isZero();
        Baseline baseline;
        try (Connections c = Connections.to(environment())) {
            baseline = Baselines.measure(environment(), c);
        }
        if (testCount >= 0) {
            baseline = baseline.withTestCount(testCount);
        }
        Baselines.write(environment(), baseline);
        return baseline;
    }

    /** Waits until Docker reports {@code service}'s health as {@code health}. */
    void awaitHealth(String service, String health, Duration limit) throws InterruptedException {
        await(
                service + " " + health,
                () -> services.status(service).flatMap(s -> s.health()).orElse(""),
                health::equals,
                limit);
    }

    /** Waits until {@code service}'s memory, as the engine's stats give it, is as {@code ok} wants. */
    void awaitMemory(String service, Predicate<Long> ok, Duration limit) throws InterruptedException {
        await(
                service + "'s memory",
                () -> runtime.stats(environment(), service)
                        .map(ContainerStats::memoryBytes)
                        .orElse(-1L),
                ok,
                limit);
    }

    /**
     * Makes pgbouncer unhealthy the way a broken image would: its health check runs psql, made not executable
     * ({@code command -v} finds only executables, so it is resolved first). Returns the path for {@link
     * #mendPgbouncerHealthCheck}; waits until Docker says unhealthy.
     */
    String breakPgbouncerHealthCheck() throws InterruptedException {
        String psql = services.run("pgbouncer", Map.of(), "sh", "-c", "readlink -f \"$(command -v psql)\"")
                .strip();
        services.run("pgbouncer", Map.of(), "chmod", "a-x", psql);
        awaitHealth("pgbouncer", "unhealthy", Duration.ofSeconds(120));
        return psql;
    }

    /** Undoes {@link #breakPgbouncerHealthCheck} (when the container still is the one broken) and awaits health. */
    void mendPgbouncerHealthCheck(String psql) throws InterruptedException {
        services.run("pgbouncer", Map.of(), "chmod", "a+x", psql);
        awaitHealth("pgbouncer", "healthy", Duration.ofSeconds(60));
    }

    private static <T> void await(String what, Supplier<T> read, Predicate<T> done, Duration limit)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        T now = null;
        while (System.nanoTime() < end) {
            now = read.get();
            if (done.test(now)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(what + " not as awaited after " + limit.toSeconds() + " s: " + now);
    }

    @Override
    public void close() {
        if (System.getenv("ROLLBACK_E2E_KEEP") != null) {
            System.out.println("[e2e] ROLLBACK_E2E_KEEP: the sandbox stays in " + sandbox.root() + " (remove it with "
                    + "docker-compose -p " + sandbox.home().getFileName() + " down -v)");
            runtime.close();
            return;
        }
        try {
            services.down();
        } finally {
            runtime.close();
        }
    }
}
