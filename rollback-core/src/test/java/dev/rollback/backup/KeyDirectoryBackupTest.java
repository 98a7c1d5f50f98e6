package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.errors.IncompleteBackupException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.io.FileTrees;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Vault key directory in a backup set: a linked key directory is followed on purpose and said so, an empty copy
 * is never stored, and COMPLETENESS fails a copy without {@code keys.json} or {@code root-token}.
 */
class KeyDirectoryBackupTest {
    static final char[] PASS = "a long backup passphrase".toCharArray();

    @TempDir
    Path tmp;

    ProjectFixture p;
    Environment env;
    final List<String> notes = new ArrayList<>();
    final RollbackListener progress = e -> {
        if (e.type() == RollbackEvent.Type.NOTE) {
            notes.add(e.message());
        }
    };

    @BeforeEach
    void project() {
        p = ProjectFixture.create(tmp);
        env = p.environment();
    }

    private static BackupManifest.Artifact keys(BackupSet set) {
        return set.manifest().artifacts().stream()
                .filter(a -> a.kind().equals("vault-keys"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aLinkedKeyDirectoryIsFollowedAndSaidSo() throws Exception {
        Path real = tmp.resolve("dotfiles/vault");
        Files.createDirectories(real.getParent());
        Files.move(p.keyDir(), real);
        Files.createSymbolicLink(p.keyDir(), real);

        BackupSet set =
                Backups.in(env).withPassphrase(PASS).withListener(progress).create();

        assertThat(notes)
                .anySatisfy(n -> assertThat(n)
                        .contains(p.keyDir().toString())
                        .contains("is a link to")
                        .contains(real.toRealPath().toString()));
        assertThat(keys(set).fingerprint()).containsEntry("files", "2").containsEntry("keys", "keys.json,root-token");
        Path scratch = tmp.resolve("unpacked");
        try (InputStream in = set.content(keys(set), set.key(PASS))) {
            KeyDirectoryTar.extract(in, scratch);
        }
        assertThat(FileTrees.checksums(scratch)).isEqualTo(FileTrees.checksums(real));
        VerificationReport r = set.verify(
                VerifyLevel.DECRYPT,
                VerifyOptions.defaults().withKey(set.key(PASS)).expecting(Set.of("vault-keys")));
        assertThat(r.passed()).as(r.failures().toString()).isTrue();
    }

    @Test
    void anEmptyKeyDirectoryIsNeverStoredAsAnEmptyCopy() throws Exception {
        FileTrees.delete(p.keyDir());
        Files.createDirectories(p.keyDir());

        assertThatThrownBy(() -> Backups.in(env).create())
                .isInstanceOf(IncompleteBackupException.class)
                .hasMessageContaining("Vault key directory")
                .hasMessageContaining("holds no files")
                .hasMessageContaining("--partial");
        try (var sets = Files.list(env.backupRoot())) {
            assertThat(sets).isEmpty();
        }

        BackupSet partial = Backups.in(env).partial().withListener(progress).create();

        assertThat(partial.manifest().artifacts())
                .extracting(BackupManifest.Artifact::kind)
                .doesNotContain("vault-keys");
        assertThat(partial.manifest().leftOut()).contains("vault-keys");
        assertThat(partial.verify(
                                VerifyLevel.COMPLETENESS,
                                VerifyOptions.defaults().expecting(Set.of("vault-keys")))
                        .passed())
                .isFalse();
    }

    @Test
    void aKeyCopyWithoutTheRootTokenFailsCompleteness() throws Exception {
        Files.delete(p.keyDir().resolve("root-token"));

        BackupSet set =
                Backups.in(env).withPassphrase(PASS).withListener(progress).create();

        assertThat(notes).anySatisfy(n -> assertThat(n).contains("lacks root-token"));
        VerificationReport r =
                set.verify(VerifyLevel.COMPLETENESS, VerifyOptions.defaults().expecting(Set.of("vault-keys")));
        assertThat(r.failures()).singleElement().satisfies(c -> {
            assertThat(c.level()).isEqualTo(VerifyLevel.COMPLETENESS);
            assertThat(c.artifact()).isEqualTo("vault-keys.tar.zst");
            assertThat(c.detail()).contains("lacks root-token").doesNotContain("hvs.fixture");
        });
    }

    @Test
    void anEmptyKeyCopyOfAnEarlierVersionFailsCompleteness() throws Exception {
        BackupSet set = earlierSet(Map.of("files", "0"));

        VerificationReport r =
                set.verify(VerifyLevel.COMPLETENESS, VerifyOptions.defaults().expecting(Set.of("vault-keys")));

        assertThat(r.failures())
                .singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("holds no files"));
    }

    @Test
    void aKeyCopyOfAnEarlierVersionIsCheckedFromItsContent() throws Exception {
        BackupSet set = earlierSet(Map.of("files", "1"));

        VerificationReport r =
                set.verify(VerifyLevel.COMPLETENESS, VerifyOptions.defaults().expecting(Set.of("vault-keys")));

        assertThat(r.failures())
                .singleElement()
                .satisfies(c -> assertThat(c.detail()).contains("lacks root-token"));
    }

    /** A set as an earlier version wrote it: its key copy a tar of only keys.json, no "keys" in its fingerprint. */
    private BackupSet earlierSet(Map<String, String> fingerprint) {
        try (BackupWriter w = BackupWriter.create(env.backupRoot(), "20250101_000000", null, null, 3)) {
            w.add(
                    "vault-keys",
                    null,
                    "vault-keys.tar.zst",
                    "tar",
                    out -> {
                        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
                        if (!"0".equals(fingerprint.get("files"))) {
                            byte[] json = "{}\n".getBytes(StandardCharsets.UTF_8);
                            TarArchiveEntry e = new TarArchiveEntry("keys.json");
                            e.setSize(json.length);
                            tar.putArchiveEntry(e);
                            tar.write(json);
                            tar.closeArchiveEntry();
                        }
                        tar.finish();
                    },
                    fingerprint);
            return w.commit(
                    new BackupManifest.EnvironmentInfo("devstack-core", "x"),
                    new BackupManifest.GitInfo(null, null, false),
                    Instant.now(),
                    "rollback 0.1.0");
        }
    }
}
