package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackListener;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.ArtifactSource;
import dev.rollback.spi.BackupContext;
import dev.rollback.spi.BackupContributor;
import dev.rollback.spi.DrillOutcome;
import dev.rollback.spi.DumpSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contributed artifacts (what rollback-databases and rollback-vault add) flow through the writer and the drill. */
class BackupContributorTest {
    static final char[] PASS = "a long backup passphrase".toCharArray();

    @TempDir
    Path tmp;

    Environment env;

    @BeforeEach
    void project() {
        env = ProjectFixture.create(tmp).environment();
    }

    /** Writes "rows" lines and records their count; its drill recounts them. */
    static final class Rows implements BackupContributor {
        final int rows;
        final boolean failWhileWriting;

        Rows(int rows, boolean failWhileWriting) {
            this.rows = rows;
            this.failWhileWriting = failWhileWriting;
        }

        @Override
        public Set<String> kinds() {
            return Set.of("rows");
        }

        @Override
        public Set<String> expected(Environment env) {
            return Set.of("rows:db");
        }

        @Override
        public List<ArtifactSource> sources(BackupContext ctx) {
            return List.of(new ArtifactSource("rows", "db", "rows-db.txt", "test", out -> {
                for (int i = 0; i < rows; i++) {
                    out.write(("row " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    if (failWhileWriting && i == rows / 2) {
                        throw new IOException("server db went away");
                    }
                }
                return Map.of("fingerprint.rows", Integer.toString(rows));
            }));
        }

        @Override
        public DrillOutcome drill(BackupContext ctx, ArtifactInfo a, DumpSource content) {
            try (InputStream in = content.open()) {
                long lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .count();
                String want = a.fingerprint().get("fingerprint.rows");
                return Long.toString(lines).equals(want)
                        ? DrillOutcome.passed(lines + " rows, as recorded")
                        : DrillOutcome.failed(lines + " rows, manifest says " + want);
            } catch (IOException e) {
                return DrillOutcome.failed(e.getMessage());
            }
        }
    }

    @Test
    void contributedArtifactIsEncryptedRecordedAndDrilled() throws Exception {
        List<String> events = new ArrayList<>();
        RollbackListener progress = e -> {
            switch (e.type()) {
                case ARTIFACT_STARTED -> events.add("start " + e.message() + " " + e.subject());
                case ARTIFACT_FINISHED -> events.add("done " + e.subject() + " " + e.done() + " bytes, " + e.message());
                default -> {}
            }
        };
        BackupSet set = Backups.in(env)
                .withPassphrase(PASS)
                .withContributors(List.of(new Rows(1000, false)))
                .withListener(progress)
                .create();

        BackupManifest.Artifact a = set.manifest().artifacts().stream()
                .filter(x -> x.kind().equals("rows"))
                .findFirst()
                .orElseThrow();
        assertThat(a.file()).isEqualTo("rows-db.txt.zst");
        assertThat(a.encrypted()).isTrue();
        assertThat(a.fingerprint()).containsEntry("fingerprint.rows", "1000").containsKey("sha256");
        assertThat(new String(Files.readAllBytes(set.dir().resolve(a.file())), StandardCharsets.ISO_8859_1))
                .doesNotContain("row 1");
        assertThat(events)
                .contains("start rows db")
                .anyMatch(e -> e.matches("done db \\d+ bytes, stored .*, encrypted"));

        VerificationReport r = set.verify(
                VerifyLevel.RESTORE_DRILL,
                VerifyOptions.defaults()
                        .withKey(set.key(PASS))
                        .expecting(Set.of("rows:db"))
                        .withContext(BackupContext.of(env))
                        .withContributors(List.of(new Rows(0, false))));
        assertThat(r.passed()).as(r.failures().toString()).isTrue();
        assertThat(r.checks())
                .anyMatch(c ->
                        c.level() == VerifyLevel.RESTORE_DRILL && c.detail().equals("1000 rows, as recorded"));
    }

    @Test
    void drillWithoutTheContributorFailsNamingTheModule() {
        BackupSet set =
                Backups.in(env).withContributors(List.of(new Rows(10, false))).create();

        VerificationReport r = set.verify(
                VerifyLevel.RESTORE_DRILL,
                VerifyOptions.defaults().withContext(BackupContext.of(env)).withContributors(List.of()));

        assertThat(r.passed()).isFalse();
        assertThat(r.failures().toString()).contains("rows-db.txt.zst", "no module on the class path restores rows");
    }

    @Test
    void completenessNamesAContributedArtifactThatIsMissing() {
        BackupSet set = Backups.in(env).withContributors(List.of()).create();

        VerificationReport r =
                set.verify(VerifyLevel.COMPLETENESS, VerifyOptions.defaults().expecting(Set.of("env", "rows:db")));

        assertThat(r.passed()).isFalse();
        assertThat(r.failures().toString()).contains("rows:db", "the backup does not");
    }

    @Test
    void aContributorFailingMidStreamLeavesNoSet() throws Exception {
        assertThatThrownBy(() -> Backups.in(env)
                        .withContributors(List.of(new Rows(1000, true)))
                        .create())
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("rows-db.txt.zst")
                .hasMessageContaining("of db")
                .hasMessageContaining("server db went away");

        try (var dirs = Files.list(env.backupRoot())) {
            assertThat(dirs.toList()).isEmpty();
        }
    }
}
