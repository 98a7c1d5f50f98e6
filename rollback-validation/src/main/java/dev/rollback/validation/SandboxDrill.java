package dev.rollback.validation;

import dev.rollback.Rollback;
import dev.rollback.env.EnvFile;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.events.RollbackResult;
import dev.rollback.io.FileTrees;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The main job on a throwaway environment: create it, snapshot it, break it the way the runbook's improvements did,
 * roll it back with the SDK, and validate the result.
 *
 * <p>{@code DrillReport r = SandboxDrill.in(Files.createTempDirectory("drill")).withListener(print).run();}
 */
public final class SandboxDrill {
    private final Path dir;
    private RollbackListener listener = RollbackListener.NONE;
    private Clock clock = Clock.systemUTC();

    private SandboxDrill(Path dir) {
        this.dir = dir;
    }

    /** A drill whose sandbox is created in {@code dir} (empty or absent). */
    public static SandboxDrill in(Path dir) {
        return new SandboxDrill(dir);
    }

    /** Receives each stage as it starts ({@code STAGE_STARTED}) and the rollback's step events. */
    public SandboxDrill withListener(RollbackListener l) {
        this.listener = l;
        return this;
    }

    public SandboxDrill withClock(Clock c) {
        this.clock = c;
        return this;
    }

    /** Runs every stage; a stage that cannot run throws a {@link RollbackException} naming it. */
    public DrillReport run() {
        Map<String, Duration> stages = new LinkedHashMap<>();
        Sandbox sandbox = timed(stages, "create", () -> Sandbox.create(dir));
        Path snapshot = timed(stages, "snapshot", () -> snapshot(sandbox));
        timed(stages, "break", () -> breakIt(sandbox));
        RollbackResult result = timed(
                stages,
                "rollback",
                () -> Rollback.in(sandbox.dir())
                        .full()
                        .toCommit(sandbox.baseline().shortId())
                        .restoringVaultKeysFrom(snapshot.resolve("vault-keys"))
                        .restoringEnvFrom(snapshot.resolve("env_backup"))
                        .withClock(clock)
                        .withListener(listener)
                        .execute());
        List<CheckResult> checks = timed(stages, "validate", () -> new DrillChecks(sandbox, snapshot, result).run());
        return new DrillReport(sandbox.dir(), stages, result, checks);
    }

    /** The runbook's manual layout: {@code backups/<time>_drill/env_backup} and a copy of the key directory. */
    private Path snapshot(Sandbox s) throws IOException {
        String id =
                DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
                                .withZone(ZoneId.systemDefault())
                                .format(clock.instant()) + "_drill";
        Path snap =
                SecureFiles.createPrivateDirectories(s.dir().resolve("backups").resolve(id));
        Files.copy(s.dir().resolve(".env"), snap.resolve("env_backup"));
        SecureFiles.makePrivate(snap.resolve("env_backup"));
        FileTrees.copy(s.keyDir(), snap.resolve("vault-keys"));
        return snap;
    }

    /** What the improvement left behind: TLS on in .env, new Vault keys, work in progress in the tree. */
    private static Void breakIt(Sandbox s) throws IOException {
        EnvFile env = EnvFile.load(s.dir().resolve(".env"));
        for (String flag : List.of("POSTGRES_ENABLE_TLS", "MYSQL_ENABLE_TLS", "REDIS_ENABLE_TLS")) {
            env.set(flag, "true");
        }
        env.set("VAULT_APPROLE_DIR", "/vault-approles");
        env.saveTo(s.dir().resolve(".env"));
        Sandbox.writeKeys(s.keyDir());
        Files.writeString(
                s.keyDir().resolve("approles/forgejo-secret-id"), "left by the improvement\n", StandardCharsets.UTF_8);
        Files.writeString(
                s.dir().resolve("docs/README.md"),
                "\nWork in progress that must survive.\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        Files.writeString(s.dir().resolve("NOTES.txt"), "untracked notes that must survive\n", StandardCharsets.UTF_8);
        return null;
    }

    private <T> T timed(Map<String, Duration> stages, String name, IoSupplier<T> work) {
        Instant start = clock.instant();
        listener.on(RollbackEvent.stageStarted(name, start));
        try {
            return work.get();
        } catch (IOException e) {
            throw new RollbackException("drill stage '" + name + "' failed in " + dir + ": " + e.getMessage(), e);
        } finally {
            stages.put(name, Duration.between(start, clock.instant()));
        }
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
