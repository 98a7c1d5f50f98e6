package dev.rollback.databases.backup;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.BackupWriter;
import dev.rollback.env.Environment;
import dev.rollback.events.RollbackListener;
import dev.rollback.plan.StepContext;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.ArtifactSource;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test glue between the contributor and a real backup set: sources written with {@link BackupWriter}, artifacts
 * read back as {@link DumpSource}s, plan steps given a {@link StepContext}.
 */
final class DumpSets {
    private DumpSets() {}

    /**
     * Writes the sources into a new unencrypted set. {@link BackupWriter#add} takes the manifest entries before the
     * content is produced, so the contributor's entries go through a map the producer fills and the writer copies
     * after the content is written.
     */
    static BackupSet write(Path root, String id, List<ArtifactSource> sources) {
        try (BackupWriter w = BackupWriter.create(root, id, null, null, 3)) {
            for (ArtifactSource s : sources) {
                Map<String, String> extra = new LinkedHashMap<>();
                w.add(
                        s.kind(),
                        s.service(),
                        s.fileName() + ".zst",
                        s.tool(),
                        out -> extra.putAll(s.content().writeTo(out)),
                        extra);
            }
            return w.commit(
                    new BackupManifest.EnvironmentInfo("test", "0"),
                    new BackupManifest.GitInfo(null, null, false),
                    Instant.now(),
                    "rollback test");
        }
    }

    static BackupManifest.Artifact artifact(BackupSet set, String service) {
        return set.manifest().artifacts().stream()
                .filter(a -> service.equals(a.service()))
                .findFirst()
                .orElseThrow();
    }

    static ArtifactInfo info(BackupManifest.Artifact a) {
        return new ArtifactInfo(a.kind(), a.service(), a.file(), a.tool(), a.fingerprint());
    }

    /** The same artifact with one manifest entry replaced (a tampered or mistaken record). */
    static ArtifactInfo withEntry(ArtifactInfo a, String key, String value) {
        Map<String, String> fp = new LinkedHashMap<>(a.fingerprint());
        fp.put(key, value);
        return new ArtifactInfo(a.kind(), a.service(), a.file(), a.tool(), fp);
    }

    /** The artifact's plain content, readable again and again, of the length the manifest recorded. */
    static DumpSource content(BackupSet set, BackupManifest.Artifact a) {
        long length = Long.parseLong(a.fingerprint().get("bytes"));
        return new DumpSource() {
            @Override
            public InputStream open() throws IOException {
                return set.content(a, null);
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public String describe() {
                return "artifact " + a.file();
            }
        };
    }

    /** Flips one byte of a file in place. */
    static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x20);
        }
    }

    static StepContext stepContext(Environment env, Path runDir, Map<Class<?>, Object> services) {
        return new StepContext(env, "test", runDir, RollbackListener.NONE, Clock.systemUTC(), services);
    }
}
