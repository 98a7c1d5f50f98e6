package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import dev.rollback.Rollback;
import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.backup.TarFingerprint;
import dev.rollback.backup.VerificationReport;
import dev.rollback.backup.VerifyLevel;
import dev.rollback.backup.VerifyOptions;
import dev.rollback.backup.VolumeRestoreStep;
import dev.rollback.env.Environment;
import dev.rollback.errors.PreflightException;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.Scope;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.spi.VolumeStore;
import dev.rollback.testing.RequiresDocker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volume archives through a helper container, into backup sets, verified by a real restore drill and restored. */
@RequiresDocker
class BackupVolumesIT {
    static final char[] PASS = "volume test passphrase".toCharArray();

    @TempDir
    Path tmp;

    DockerRuntime docker;
    Environment env;
    String volume;

    @BeforeEach
    void volumeWithMixedData() throws Exception {
        docker = DockerRuntime.require(Duration.ofSeconds(5));
        String project =
                "rbvol" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        Path home = Files.createDirectories(tmp.resolve(project));
        Files.writeString(
                home.resolve("docker-compose.yml"),
                "volumes:\n  data:\nservices:\n  app:\n" + "    image: local/busybox\n    volumes: [\"data:/data\"]\n");
        env = Environment.custom(home)
                .withProcessEnvironment(Map.of("HOME", tmp.toString()))
                .build();
        volume = project + "_data";
        docker.createVolume(volume, Map.of());
        fill(volume);
    }

    @AfterEach
    void remove() {
        for (String v : List.of(volume)) {
            if (docker.volumeExists(v)) {
                docker.removeVolume(v);
            }
        }
        docker.close();
    }

    /** Files of several kinds and sizes, a unicode name, a 0600 file, an empty dir, a symlink. */
    private void fill(String name) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (var out = new TarArchiveOutputStream(tar)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            byte[] big = new byte[3 * 1024 * 1024 + 7];
            new Random(1).nextBytes(big);
            entry(out, "data/big.bin", big, 0644);
            entry(out, "data/conf/ünïcode naïve.txt", "héllo\n".getBytes(StandardCharsets.UTF_8), 0644);
            entry(out, "data/secret.key", "k".repeat(100).getBytes(), 0600);
            var dir = new TarArchiveEntry("data/empty/");
            dir.setMode(040755);
            out.putArchiveEntry(dir);
            out.closeArchiveEntry();
            var link = new TarArchiveEntry("data/link", TarConstants.LF_SYMLINK);
            link.setLinkName("big.bin");
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
        }
        docker.restoreVolume(name, new ByteArrayInputStream(tar.toByteArray()));
    }

    private static void entry(TarArchiveOutputStream out, String name, byte[] data, int mode) throws Exception {
        var e = new TarArchiveEntry(name);
        e.setSize(data.length);
        e.setMode(0100000 | mode);
        out.putArchiveEntry(e);
        out.write(data);
        out.closeArchiveEntry();
    }

    private String fingerprint(String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        docker.archiveVolume(name, out);
        return TarFingerprint.of(new ByteArrayInputStream(out.toByteArray())).sha256();
    }

    @Test
    void volumeBackupPassesTheRestoreDrillAndLeavesNoScratchVolume() {
        BackupSet set =
                Backups.in(env).withPassphrase(PASS).withVolumes(docker, null).create();

        VerificationReport r = set.verify(
                VerifyLevel.RESTORE_DRILL,
                VerifyOptions.defaults()
                        .withKey(set.key(PASS))
                        .expecting(Backups.expected(env, docker))
                        .withVolumes(docker));

        assertThat(set.manifest().artifacts())
                .extracting(BackupManifest.Artifact::service)
                .contains(volume);
        assertThat(r.passed()).as(r.failures().toString()).isTrue();
        assertThat(r.checks())
                .anyMatch(c ->
                        c.level() == VerifyLevel.RESTORE_DRILL && c.detail().contains("identical"));
        assertThat(docker.list(env.projectName())).isEmpty();
    }

    @Test
    void restoreStepPutsBackEveryByteAndKeepsWhatItReplaced() throws Exception {
        String original = fingerprint(volume);
        BackupSet set = Backups.in(env).withVolumes(docker, List.of(volume)).create();
        docker.removeVolume(volume);
        docker.createVolume(volume, Map.of());
        docker.restoreVolume(volume, new ByteArrayInputStream(new byte[1024])); // an empty tar: the "broken" state
        BackupManifest.Artifact a = set.manifest().artifacts().stream()
                .filter(x -> volume.equals(x.service()))
                .findFirst()
                .orElseThrow();

        var result = new RollbackPlan(
                        env,
                        Scope.FULL,
                        "restore " + volume,
                        List.of(new VolumeRestoreStep(set, a, (BackupKey) null)),
                        RunSettings.ofDefaults().withService(VolumeStore.class, docker))
                .execute();

        assertThat(fingerprint(volume)).isEqualTo(original);
        assertThat(result.steps().get(0).details()).anyMatch(d -> d.contains("its previous content is in"));
    }

    @Test
    void aVolumeTheRunCreatedIsRemovedByItsUndoAndTheUndoOfThatUndoBringsItBack() throws Exception {
        String original = fingerprint(volume);
        BackupSet set = Backups.in(env).withVolumes(docker, List.of(volume)).create();
        docker.removeVolume(volume); // gone when the rollback starts: the rollback creates it
        BackupManifest.Artifact a = set.manifest().artifacts().stream()
                .filter(x -> volume.equals(x.service()))
                .findFirst()
                .orElseThrow();
        var run = new RollbackPlan(
                        env,
                        Scope.FULL,
                        "restore " + volume,
                        List.of(new VolumeRestoreStep(set, a, (BackupKey) null)),
                        RunSettings.ofDefaults().withService(VolumeStore.class, docker))
                .execute();
        assertThat(fingerprint(volume)).isEqualTo(original);
        assertThat(run.steps().get(0).details()).anyMatch(d -> d.contains("created " + volume));

        var undo = Rollback.in(env)
                .undo(run.runId())
                .withService(VolumeStore.class, docker)
                .execute();

        assertThat(docker.volumeExists(volume)).as("the volume the run created").isFalse();
        assertThat(undo.steps())
                .anyMatch(s -> s.details().stream()
                        .anyMatch(d -> d.contains("removed " + volume + ", which the run created")));
        Path archived = env.stateDir()
                .resolve("runs")
                .resolve(undo.runId())
                .resolve("safety")
                .resolve("volume-" + volume + ".tar");
        try (var in = Files.newInputStream(archived)) {
            assertThat(TarFingerprint.of(in).sha256())
                    .as("what the removed volume held")
                    .isEqualTo(original);
        }

        Rollback.in(env)
                .undo(undo.runId())
                .withService(VolumeStore.class, docker)
                .execute();

        assertThat(fingerprint(volume)).as("the undo of the undo").isEqualTo(original);
    }

    @Test
    void severalVolumesAreReplacedByOneHelperKeepingWhatEachHeldAndStoppedUsersMayStay() throws Exception {
        String other = volume + "_second";
        docker.createVolume(other, Map.of());
        try (TestContainers engine = new TestContainers()) {
            docker.restoreVolume(other, new ByteArrayInputStream(tar("data/a/f", "second\n")));
            String first = fingerprint(volume);
            String second = fingerprint(other);
            BackupSet set =
                    Backups.in(env).withVolumes(docker, List.of(volume, other)).create();
            // what changed after the backup; a stopped container still mounts the first volume
            docker.replaceVolume(volume, new ByteArrayInputStream(tar("data/x", "new\n")));
            docker.replaceVolume(other, new ByteArrayInputStream(tar("data/a/f", "changed\n")));
            String changedFirst = fingerprint(volume);
            engine.create(
                    "local/busybox",
                    TestContainers.uniqueName("user"),
                    cmd -> cmd.withHostConfig(HostConfig.newHostConfig().withBinds(Bind.parse(volume + ":/data"))));
            List<BackupManifest.Artifact> both = set.manifest().artifacts().stream()
                    .filter(x -> "volume".equals(x.kind()))
                    .toList();

            var result = new RollbackPlan(
                            env,
                            Scope.FULL,
                            "restore",
                            List.of(new VolumeRestoreStep(set, both, null, List.of())),
                            RunSettings.ofDefaults().withService(VolumeStore.class, docker))
                    .execute();

            assertThat(fingerprint(volume)).isEqualTo(first);
            assertThat(fingerprint(other)).isEqualTo(second);
            Path safety = env.stateDir()
                    .resolve("runs")
                    .resolve(result.runId())
                    .resolve("safety")
                    .resolve("volume-" + volume + ".tar");
            assertThat(Files.getPosixFilePermissions(safety)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            try (var in = Files.newInputStream(safety)) {
                assertThat(TarFingerprint.of(in).sha256()).isEqualTo(changedFirst);
            }
        } finally {
            docker.removeVolume(other);
        }
    }

    private static byte[] tar(String name, String text) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (var out = new TarArchiveOutputStream(tar)) {
            entry(out, name, text.getBytes(StandardCharsets.UTF_8), 0640);
        }
        return tar.toByteArray();
    }

    @Test
    void aFlippedByteInAVolumeArtifactFailsBeforeAnyRestore() throws Exception {
        BackupSet set = Backups.in(env).withVolumes(docker, List.of(volume)).create();
        Path f = set.dir().resolve("volume-" + volume + ".tar.zst");
        byte[] b = Files.readAllBytes(f);
        b[b.length / 3] ^= 0x01;
        Files.write(f, b);

        VerificationReport r =
                set.verify(VerifyLevel.RESTORE_DRILL, VerifyOptions.defaults().withVolumes(docker));

        assertThat(r.passed()).isFalse();
        assertThat(r.checks()).noneMatch(c -> c.level() == VerifyLevel.RESTORE_DRILL);
    }

    @Test
    void aVolumeThatDoesNotExistIsAClearErrorAndNoSetIsLeft() throws Exception {
        assertThatThrownBy(() -> Backups.in(env)
                        .withVolumes(docker, List.of("no_such_volume_here"))
                        .create())
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("no_such_volume_here does not exist");

        assertThat(Files.exists(env.backupRoot()) ? Files.list(env.backupRoot()).count() : 0)
                .isZero();
    }

    @Test
    void restoreWithoutAnEngineIsRefusedInPreflight() {
        BackupSet set = Backups.in(env).withVolumes(docker, List.of(volume)).create();
        BackupManifest.Artifact a = set.manifest().artifacts().stream()
                .filter(x -> volume.equals(x.service()))
                .findFirst()
                .orElseThrow();

        assertThatThrownBy(() -> new RollbackPlan(
                                env,
                                Scope.FULL,
                                "restore",
                                List.of(new VolumeRestoreStep(set, a, null)),
                                RunSettings.ofDefaults())
                        .execute())
                .isInstanceOf(PreflightException.class);
        assertThat(docker.volumeExists(volume)).isTrue();
    }

    @Test
    void helpersStartedAheadStreamTheSameContentAndThoseNotUsedAreRemoved() throws Exception {
        String expected = fingerprint(volume);
        String other = volume + "_other";
        docker.createVolume(other, Map.of());
        try (TestContainers engine = new TestContainers()) {
            // the helper of the fingerprint above is removed in the background: let it go before counting
            long gone = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (helpers(engine, volume) > 0 && System.nanoTime() < gone) {
                Thread.sleep(50);
            }
            DockerRuntime ahead = DockerRuntime.require(Duration.ofSeconds(5));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (VolumeStore.Prepared ready = ahead.prepareArchives(List.of(volume, other))) {
                // both helpers wait on their pipes: neither has read its volume yet
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (helpers(engine, volume) + helpers(engine, other) < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(helpers(engine, volume)).isEqualTo(1);
                assertThat(helpers(engine, other)).isEqualTo(1);
                ahead.archiveVolume(volume, out);
            }
            ahead.close(); // waits for the helpers being removed

            assertThat(TarFingerprint.of(new ByteArrayInputStream(out.toByteArray()))
                            .sha256())
                    .isEqualTo(expected);
            assertThat(helpers(engine, volume)).isZero();
            assertThat(helpers(engine, other)).isZero();
        } finally {
            docker.removeVolume(other);
        }
    }

    @Test
    void helpersLeftByAKilledProcessAreRemovedAndThoseOfALiveOneKept() throws Exception {
        Process gone = new ProcessBuilder("sleep", "60").start(); // alive while its owner label is taken
        String deadOwner = VolumeHelpers.owner(gone.toHandle()).orElseThrow();
        gone.destroyForcibly();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String liveOwner = VolumeHelpers.owner(ProcessHandle.current()).orElseThrow();
        try (TestContainers engine = new TestContainers()) {
            // as a killed backup leaves it: a helper waiting on its pipe, holding the volume read-only
            String left = engine.start(
                    "local/busybox",
                    TestContainers.uniqueName("left"),
                    c -> c.withLabels(Map.of(VolumeHelpers.HELPER, "volume", VolumeHelpers.OWNER, deadOwner))
                            .withHostConfig(HostConfig.newHostConfig().withBinds(Bind.parse(volume + ":/data:ro")))
                            .withCmd("sleep", "600"));
            String alive = engine.create(
                    "local/busybox",
                    TestContainers.uniqueName("alive"),
                    c -> c.withLabels(Map.of(VolumeHelpers.HELPER, "volume", VolumeHelpers.OWNER, liveOwner))
                            .withHostConfig(HostConfig.newHostConfig().withBinds(Bind.parse(volume + ":/data:ro")))
                            .withCmd("true"));
            assertThat(helpers(engine, volume)).isEqualTo(2);

            try (DockerRuntime next = DockerRuntime.require(Duration.ofSeconds(5))) {
                assertThat(next.volumeExists(volume)).isTrue(); // its first volume operation sweeps
            }

            List<String> ids =
                    engine
                            .client
                            .listContainersCmd()
                            .withShowAll(true)
                            .withVolumeFilter(List.of(volume))
                            .exec()
                            .stream()
                            .map(c -> c.getId())
                            .toList();
            assertThat(ids).containsExactly(alive).doesNotContain(left);
        }
    }

    @Test
    void aHelperWhoseRemovalTheEngineRefusesForAWhileIsGoneBeforeItsVolumeIsRemoved() throws Exception {
        // as a busy engine does now and then (the helper's kill still under way): it refuses removals for 5 s
        AtomicLong refusedUntil = new AtomicLong(System.nanoTime());
        VolumeEngine busy = refusingRemovals(
                new SocketCalls(UnixSocketHttp.of(DockerClients.defaultConfig().getDockerHost())
                        .orElseThrow()),
                refusedUntil);
        try (TestContainers engine = new TestContainers()) {
            DockerVolumes volumes = new DockerVolumes(engine.client, busy);
            try {
                try (VolumeStore.Prepared ready = volumes.prepare(List.of(volume))) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (helpers(engine, volume) == 0 && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertThat(helpers(engine, volume)).isEqualTo(1);
                    refusedUntil.set(System.nanoTime() + Duration.ofSeconds(5).toNanos());
                } // not used: its removal goes on in the background, refused for now

                volumes.remove(volume); // a removal of the volume right after a backup

                assertThat(docker.volumeExists(volume)).isFalse();
                assertThat(helpers(engine, volume)).isZero();
            } finally {
                volumes.close();
            }
        }
    }

    /** The engine's calls, but a container's removal refused until {@code refusedUntil} (System.nanoTime()). */
    private static VolumeEngine refusingRemovals(VolumeEngine engine, AtomicLong refusedUntil) {
        return new VolumeEngine() {
            @Override
            public boolean local() {
                return engine.local();
            }

            @Override
            public boolean volumeExists(String name) {
                return engine.volumeExists(name);
            }

            @Override
            public boolean imageExists(String image) {
                return engine.imageExists(image);
            }

            @Override
            public Optional<String> run(
                    String image, List<String> cmd, List<String> binds, Map<String, String> labels) {
                return engine.run(image, cmd, binds, labels);
            }

            @Override
            public List<Listed> list(String key, String value) {
                return engine.list(key, value);
            }

            @Override
            public boolean running(String id) {
                return engine.running(id);
            }

            @Override
            public int exitCode(String id) {
                return engine.exitCode(id);
            }

            @Override
            public boolean remove(String id) {
                return System.nanoTime() - refusedUntil.get() >= 0 && engine.remove(id);
            }

            @Override
            public InputStream archive(String id, String path) throws IOException {
                return engine.archive(id, path);
            }

            @Override
            public void extract(String id, String path, InputStream tar) throws IOException {
                engine.extract(id, path, tar);
            }
        };
    }

    /** Helper containers, running or not, that mount the volume. */
    private static int helpers(TestContainers engine, String volume) {
        return engine.client
                .listContainersCmd()
                .withShowAll(true)
                .withVolumeFilter(List.of(volume))
                .withLabelFilter(Map.of("dev.rollback.helper", "volume"))
                .exec()
                .size();
    }

    @Test
    void thePipeAndTheEngineArchiveApiGiveTheSameContent() throws Exception {
        String viaPipe = fingerprint(volume);
        String viaApi;
        System.setProperty("rollback.volume.stream", "api");
        try {
            viaApi = fingerprint(volume);
        } finally {
            System.clearProperty("rollback.volume.stream");
        }

        assertThat(viaPipe).isEqualTo(viaApi);
        assertThat(docker.list(env)).isEmpty();
    }
}
