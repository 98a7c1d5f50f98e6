package dev.rollback.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.backup.VerificationReport.Check;
import dev.rollback.env.EnvFile;
import dev.rollback.io.FileTrees;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.BackupContributors;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.VolumeStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The deepest verification: artifacts restored into scratch places and compared, the environment untouched.
 *
 * <p>{@code new RestoreDrill(set, key, volumes).check(artifact)}
 */
final class RestoreDrill {
    private final BackupSet set;
    private final BackupKey key;
    private final VolumeStore volumes;
    private final BackupContext context;
    private final List<BackupContributor> contributors;

    RestoreDrill(
            BackupSet set,
            BackupKey key,
            VolumeStore volumes,
            BackupContext context,
            List<BackupContributor> contributors) {
        this.set = set;
        this.key = key;
        this.volumes = volumes;
        this.context = context;
        this.contributors = contributors;
    }

    Check check(BackupManifest.Artifact a) {
        try {
            return switch (a.kind()) {
                case "volume" -> volume(a);
                case "env" -> env(a);
                case "vault-keys" -> keys(a);
                case "git-head", "git-patch", "git-untracked" ->
                    new Check(
                            VerifyLevel.RESTORE_DRILL,
                            a.file(),
                            true,
                            "nothing to restore for " + a.kind() + " (its content was checked at DECRYPT)");
                default -> contributed(a);
            };
        } catch (IOException | RuntimeException e) {
            return new Check(VerifyLevel.RESTORE_DRILL, a.file(), false, "restore drill failed: " + e.getMessage());
        }
    }

    private Check contributed(BackupManifest.Artifact a) {
        Optional<BackupContributor> c = BackupContributors.forKind(contributors, a.kind());
        if (c.isEmpty()) {
            return new Check(
                    VerifyLevel.RESTORE_DRILL,
                    a.file(),
                    false,
                    "no module on the class path restores " + a.kind()
                            + " artifacts (database dumps need rollback-databases, vault-kv rollback-vault)");
        }
        if (context == null) {
            return new Check(
                    VerifyLevel.RESTORE_DRILL,
                    a.file(),
                    false,
                    "the drill of " + a.kind() + " needs the "
                            + "environment (engine, secrets); verify through Backups or the CLI");
        }
        DrillOutcome o = c.get().drill(context, BackupSet.info(a), set.source(a, key));
        return new Check(VerifyLevel.RESTORE_DRILL, a.file(), o.passed(), o.detail());
    }

    private Check volume(BackupManifest.Artifact a) throws IOException {
        if (volumes == null) {
            return new Check(VerifyLevel.RESTORE_DRILL, a.file(), false, "no engine to restore the volume into");
        }
        TarFingerprint.Result want;
        try (InputStream in = set.content(a, key)) {
            want = TarFingerprint.of(in);
        }
        String scratch = "rollback-drill-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        volumes.createVolume(scratch, Map.of("dev.rollback.scratch", "restore-drill"));
        try {
            try (InputStream in = set.content(a, key)) {
                volumes.restoreVolume(scratch, in);
            }
            TarFingerprint.Result got = archiveFingerprint(scratch);
            boolean same = got.sha256().equals(want.sha256());
            return new Check(
                    VerifyLevel.RESTORE_DRILL,
                    a.file(),
                    same,
                    same
                            ? "restored into a scratch volume: " + got.entries() + " entries, " + got.bytes()
                                    + " bytes, identical"
                            : "the restored volume differs (" + got.entries() + " entries vs " + want.entries() + ")");
        } finally {
            volumes.removeVolume(scratch);
        }
    }

    private TarFingerprint.Result archiveFingerprint(String volume) throws IOException {
        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (out) {
                volumes.archiveVolume(volume, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try (in) {
            TarFingerprint.Result r = TarFingerprint.of(in);
            writer.join();
            return r;
        }
    }

    private Check env(BackupManifest.Artifact a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = set.content(a, key)) {
            in.transferTo(out);
        }
        int keys = EnvFile.parse(out.toString(StandardCharsets.UTF_8), Path.of(".env"))
                .values()
                .size();
        return new Check(VerifyLevel.RESTORE_DRILL, a.file(), true, ".env parses: " + keys + " keys");
    }

    private Check keys(BackupManifest.Artifact a) throws IOException {
        Path scratch = Files.createTempDirectory("rollback-drill-keys");
        try {
            try (InputStream in = set.content(a, key)) {
                KeyDirectoryTar.extract(in, scratch.resolve("keys"));
            }
            int files = FileTrees.checksums(scratch.resolve("keys")).size();
            Path keysJson = scratch.resolve("keys/keys.json");
            if (!Files.isRegularFile(keysJson)) {
                return new Check(
                        VerifyLevel.RESTORE_DRILL,
                        a.file(),
                        false,
                        "unpacks to " + files + " files, without " + "keys.json");
            }
            try {
                new ObjectMapper().readTree(keysJson.toFile());
            } catch (JsonProcessingException e) {
                // the parser's message quotes the file's text, which holds keys: say only where
                return new Check(
                        VerifyLevel.RESTORE_DRILL,
                        a.file(),
                        false,
                        "keys.json is not valid JSON (line "
                                + (e.getLocation() == null
                                        ? "?"
                                        : e.getLocation().getLineNr()) + ")");
            }
            return new Check(
                    VerifyLevel.RESTORE_DRILL, a.file(), true, "unpacks to " + files + " files; keys.json parses");
        } finally {
            FileTrees.delete(scratch);
        }
    }
}
