package dev.rollback.validation.devstack;

import dev.rollback.Rollback;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.events.RollbackResult;
import dev.rollback.io.FileTrees;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.SecretStore;
import dev.rollback.spi.SecretStores;
import dev.rollback.spi.VolumeStore;
import dev.rollback.validation.CheckResult;
import dev.rollback.validation.DrillReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The runbook's critical case rehearsed on real containers: a DevStack sandbox created and started, its data seeded
 * and backed up, then every service made to fail the way an improvement gone wrong does ({@link Breakage}), then one
 * complete rollback from the backup with volumes and databases, then the environment checked
 * ({@link ContainerDrillChecks}) and taken down (unless kept).
 *
 * <p>{@code DrillReport r = ContainerDrill.in(dir, runtime).withListener(e -> System.out.println(e.message())).run();}
 */
public final class ContainerDrill {
    /** The local images the sandbox runs on (scripts/setup-test-env.sh builds them). */
    public static final List<String> IMAGES = List.of(
            "local/java:17",
            "local/postgres:15",
            "local/pgbouncer:1",
            "local/mariadb:10.11",
            "local/redis:7",
            "local/rabbitmq:3.10-management",
            "local/busybox");

    private final Path dir;
    private final ContainerRuntime runtime;
    private RollbackListener listener = RollbackListener.NONE;
    private Clock clock = Clock.systemUTC();
    private boolean keep;

    private ContainerDrill(Path dir, ContainerRuntime runtime) {
        this.dir = dir;
        this.runtime = runtime;
    }

    /** A drill whose sandbox is created in {@code dir} (empty or absent), on this engine. */
    public static ContainerDrill in(Path dir, ContainerRuntime runtime) {
        return new ContainerDrill(dir, runtime);
    }

    /** The images of {@link #IMAGES} this engine lacks (empty: the drill can run). */
    public static List<String> missingImages(ContainerRuntime runtime) {
        return IMAGES.stream().filter(i -> !runtime.hasImage(i)).toList();
    }

    /**
     * Receives each stage as it starts ({@code STAGE_STARTED}), the services' start-up lines ({@code NOTE}s of the
     * stage {@code start}) and the rollback's step events.
     */
    public ContainerDrill withListener(RollbackListener l) {
        this.listener = l;
        return this;
    }

    /** The clock the stages are timed with (default the system's). */
    public ContainerDrill withClock(Clock c) {
        this.clock = c;
        return this;
    }

    /** Leaves the containers, volumes and files in place afterwards. */
    public ContainerDrill keeping() {
        this.keep = true;
        return this;
    }

    /** Runs every stage; the sandbox's containers are taken down at the end unless kept (or the drill fails). */
    public DrillReport run() {
        Map<String, Duration> stages = new LinkedHashMap<>();
        DevStackSandbox sandbox = timed(stages, "create", () -> DevStackSandbox.create(dir, "main"));
        SandboxServices services = sandbox.services(runtime);
        SandboxData data = new SandboxData(sandbox, services);
        boolean passed = false;
        try {
            timed(stages, "start", () -> {
                services.start(line -> listener.on(RollbackEvent.stageNote("start", line, clock.instant())));
                data.seed();
                return null;
            });
            BackupSet set = timed(stages, "snapshot", () -> snapshot(sandbox.environment()));
            Map<String, String> keys = checksums(sandbox.keyDir());
            timed(stages, "break", () -> {
                Breakage.allServicesFailing(sandbox, services, data);
                return null;
            });
            RollbackResult result = timed(
                    stages,
                    "rollback",
                    () -> Rollback.in(sandbox.environment())
                            .full()
                            .restoring(set)
                            .restoringVolumes()
                            .restoringDatabases()
                            .withListener(listener)
                            .execute());
            List<CheckResult> checks = timed(
                    stages,
                    "validate",
                    () -> new ContainerDrillChecks(sandbox, services, data, runtime, set, keys, result).run());
            DrillReport report = new DrillReport(sandbox.home(), stages, result, checks);
            passed = report.passed();
            return report;
        } finally {
            if (!keep && passed) {
                timed(stages, "teardown", () -> {
                    services.down();
                    return null;
                });
            }
        }
    }

    private BackupSet snapshot(Environment env) {
        if (!(runtime instanceof VolumeStore volumes)) {
            throw new RollbackException(
                    runtime.describe() + " archives no volumes; the drill needs an engine that does");
        }
        try (SecretStore secrets = SecretStores.open(env, Duration.ofSeconds(5))
                .orElseThrow(() -> new RollbackException("the sandbox's Vault does not answer for its backup"))) {
            return Backups.in(env)
                    .withRuntime(runtime)
                    .withVolumes(volumes, null)
                    .withSecrets(secrets)
                    .create();
        }
    }

    private static Map<String, String> checksums(Path dir) {
        try {
            return FileTrees.checksums(dir);
        } catch (IOException e) {
            throw new RollbackException("cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private <T> T timed(Map<String, Duration> stages, String name, Supplier<T> work) {
        Instant start = clock.instant();
        listener.on(RollbackEvent.stageStarted(name, start));
        try {
            return work.get();
        } finally {
            stages.put(name, Duration.between(start, clock.instant()));
        }
    }
}
