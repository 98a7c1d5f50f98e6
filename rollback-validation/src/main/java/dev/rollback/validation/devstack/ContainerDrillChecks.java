package dev.rollback.validation.devstack;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.TarFingerprint;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackResult;
import dev.rollback.git.GitRepository;
import dev.rollback.io.FileTrees;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.BackupContributors;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerStatus;
import dev.rollback.spi.SecretStore;
import dev.rollback.spi.SecretStores;
import dev.rollback.spi.VolumeStore;
import dev.rollback.validation.CheckResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a container drill proves after the rollback, each from the environment itself (never from the run's own
 * messages): git at the baseline and clean; {@code .env} and the key directory equal to the backup's; Vault
 * unsealed; every service of the active profiles running and healthy by Docker's own check; every database's data
 * fingerprint and the Vault KV secrets equal to the manifest's; the stand-ins' volumes equal to their archives; the
 * Redis cluster ok with its keys readable; what the run replaced kept in its safety folder.
 *
 * <p>{@code List<CheckResult> c = new ContainerDrillChecks(sandbox, services, data, rt, set, keys, result).run();}
 */
final class ContainerDrillChecks {
    /** Docker runs a healthcheck every 10 s: a few of its checks, even on a busy machine. */
    private static final Duration DOCKER_HEALTH = Duration.ofSeconds(60);

    private final DevStackSandbox sandbox;
    private final SandboxServices services;
    private final SandboxData data;
    private final ContainerRuntime runtime;
    private final BackupSet set;
    private final Map<String, String> keys;
    private final RollbackResult result;

    ContainerDrillChecks(
            DevStackSandbox sandbox,
            SandboxServices services,
            SandboxData data,
            ContainerRuntime runtime,
            BackupSet set,
            Map<String, String> keys,
            RollbackResult result) {
        this.sandbox = sandbox;
        this.services = services;
        this.data = data;
        this.runtime = runtime;
        this.set = set;
        this.keys = keys;
        this.result = result;
    }

    List<CheckResult> run() {
        List<CheckResult> out = new ArrayList<>();
        try (GitRepository repo = GitRepository.open(sandbox.home())) {
            out.add(CheckResult.of(
                    "git",
                    "branch main",
                    repo.currentBranch().filter("main"::equals).isPresent(),
                    "on " + repo.currentBranch().orElse("a detached HEAD")));
            out.add(CheckResult.of(
                    "git",
                    "commit " + sandbox.baseline().shortId() + " (baseline)",
                    repo.head().id().equals(sandbox.baseline().id()),
                    "HEAD " + repo.head().shortId()));
            out.add(CheckResult.of(
                    "git",
                    "no uncommitted changes, no untracked files",
                    repo.status().clean(),
                    repo.status().clean() ? "" : repo.status().toString()));
        }
        out.add(check(".env", "equal to the backup's, byte for byte", () -> {
            byte[] want = content("env");
            long at = Arrays.mismatch(Files.readAllBytes(sandbox.home().resolve(".env")), want);
            return at == -1 ? "" : "first difference at byte " + at;
        }));
        out.add(check(
                "vault keys",
                "equal to the backup's (" + keys.size() + " files, sha256)",
                () -> FileTrees.checksums(sandbox.keyDir()).equals(keys) ? "" : "the key directory differs"));
        out.add(check("vault", "unsealed and answering", () -> services.vaultSealed() ? "sealed" : ""));
        out.add(check("services", "every service running and healthy (Docker's own check)", this::healthy));
        Environment env = sandbox.environment();
        try (SecretStore secrets = SecretStores.open(env, Duration.ofSeconds(5))
                .orElseThrow(() -> new RollbackException("the sandbox's Vault does not answer"))) {
            BackupContext ctx = new BackupContext(
                    env, Optional.of(runtime), Optional.of((VolumeStore) runtime), Optional.of(secrets), List.of());
            List<BackupContributor> contributors = BackupContributors.all();
            for (BackupManifest.Artifact a : set.manifest().artifacts()) {
                for (BackupContributor c : contributors) {
                    c.compareLive(ctx, BackupSet.info(a))
                            .ifPresent(d -> out.add(CheckResult.of(
                                    a.service(),
                                    "data equal to the backup's (" + a.kind() + " fingerprint)",
                                    d.isEmpty(),
                                    String.join("; ", d))));
                }
            }
        }
        for (BackupManifest.Artifact a : set.manifest().artifacts()) {
            if (a.kind().equals("volume")
                    && List.of("_vault_data", "_forgejo_data", "_reference_api_data").stream()
                            .anyMatch(a.service()::endsWith)) {
                out.add(check(a.service(), "volume content equal to its archive", () -> volumeDiffers(a)));
            }
        }
        for (String node : DevStackSandbox.REDIS_NODES) {
            out.add(check(
                    node,
                    "cluster_state:ok",
                    () -> services.run(node, services.redisAuth(node), "redis-cli", "cluster", "info")
                                    .contains("cluster_state:ok")
                            ? ""
                            : "not ok"));
        }
        out.add(check(
                "redis",
                "keys readable through the cluster",
                () -> data.redisGet("session:42").equals("user-42") ? "" : "session:42 is not the backup's value"));
        out.add(check("safety", "what the rollback replaced is kept", () -> {
            var safety = sandbox.home().resolve(".rollback/runs/" + result.runId() + "/safety");
            try (var files = Files.list(safety)) {
                long n = files.filter(p -> p.getFileName().toString().startsWith("volume-"))
                        .count();
                return n > 0 ? "" : "no volume archive in " + safety;
            }
        }));
        return out;
    }

    /** The services Docker does not report healthy within its next check; empty when all are. */
    private String healthy() throws InterruptedException {
        List<String> want = new ArrayList<>(List.of("vault"));
        want.addAll(SandboxServices.STARTED);
        long deadline = System.nanoTime() + DOCKER_HEALTH.toNanos();
        while (true) {
            List<ContainerStatus> all = runtime.list(sandbox.environment());
            List<String> not = want.stream()
                    .filter(s -> all.stream()
                            .noneMatch(c -> c.service().equals(s)
                                    && "running".equals(c.state())
                                    && c.health().map("healthy"::equals).orElse(true)))
                    .toList();
            if (not.isEmpty()) {
                return "";
            }
            if (System.nanoTime() - deadline > 0) {
                return "not healthy after " + DOCKER_HEALTH.toSeconds() + " s: "
                        + not.stream()
                                .map(s -> s + " ("
                                        + all.stream()
                                                .filter(c -> c.service().equals(s))
                                                .findFirst()
                                                .map(c -> c.state()
                                                        + c.health()
                                                                .map(h -> ", " + h)
                                                                .orElse(""))
                                                .orElse("no container")
                                        + ")")
                                .toList();
            }
            Thread.sleep(500);
        }
    }

    private String volumeDiffers(BackupManifest.Artifact a) throws IOException {
        String want;
        try (InputStream in = set.content(a, (BackupKey) null)) {
            want = TarFingerprint.of(in).sha256();
        }
        ByteArrayOutputStream live = new ByteArrayOutputStream();
        ((VolumeStore) runtime).archiveVolume(a.service(), live);
        String got =
                TarFingerprint.of(new ByteArrayInputStream(live.toByteArray())).sha256();
        return want.equals(got) ? "" : "its files differ from the archive's";
    }

    private byte[] content(String kind) throws IOException {
        BackupManifest.Artifact a =
                set.manifest().artifact(kind).orElseThrow(() -> new IOException("the backup has no " + kind));
        try (InputStream in = set.content(a, (BackupKey) null)) {
            return in.readAllBytes();
        }
    }

    @FunctionalInterface
    private interface Probe {
        /** What was found wrong; empty when the item holds. */
        String problem() throws Exception;
    }

    private static CheckResult check(String area, String item, Probe probe) {
        try {
            String problem = probe.problem();
            return CheckResult.of(area, item, problem.isEmpty(), problem);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return CheckResult.of(area, item, false, "could not be checked: " + e.getMessage());
        }
    }
}
