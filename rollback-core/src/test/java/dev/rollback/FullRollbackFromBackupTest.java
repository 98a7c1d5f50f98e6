package dev.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.backup.KeyDirectoryTarAccess;
import dev.rollback.errors.PreflightException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackResult;
import dev.rollback.events.StepResult;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.git.GitRepository;
import dev.rollback.io.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code full().restoring(set)}: keys and .env come from a verified backup set; a broken set changes nothing. */
class FullRollbackFromBackupTest {
    static final char[] PASS = "a long backup passphrase".toCharArray();

    @TempDir
    Path tmp;

    ProjectFixture p;
    BackupSet set;
    Map<String, String> keysAtBackup;
    String envAtBackup;

    @BeforeEach
    void backupThenBreak() throws Exception {
        p = ProjectFixture.create(tmp);
        set = Backups.in(p.environment()).withPassphrase(PASS).create();
        keysAtBackup = FileTrees.checksums(p.keyDir());
        envAtBackup = p.read(".env");
        p.write(".env", envAtBackup.replace("POSTGRES_ENABLE_TLS=true", "POSTGRES_ENABLE_TLS=maybe"));
        Files.writeString(p.keyDir().resolve("root-token"), "hvs.rotated\n");
    }

    @Test
    void keysAndEnvComeBackFromTheEncryptedSet() throws Exception {
        RollbackResult r = Rollback.in(p.environment())
                .full()
                .toCommit(p.baseline().shortId())
                .restoring(set, set.key(PASS))
                .execute();

        assertThat(r.steps())
                .extracting(StepResult::name)
                .containsExactly("backup-check", "git-stash", "git-checkout", "git-reset", "vault-keys", "env-restore");
        assertThat(FileTrees.checksums(p.keyDir())).isEqualTo(keysAtBackup);
        assertThat(p.read(".env")).isEqualTo(envAtBackup);
        try (GitRepository repo = GitRepository.open(p.home())) {
            assertThat(repo.head().id()).isEqualTo(p.baseline().id());
        }
        assertThat(p.home().resolve(".rollback/runs/" + r.runId() + "/safety/vault-keys-before/root-token"))
                .hasContent("hvs.rotated");
    }

    @Test
    void aFlippedByteInTheSetIsRefusedAtPreflightAndNothingChanges() throws Exception {
        BackupManifest.Artifact env = set.manifest().artifacts().stream()
                .filter(a -> a.kind().equals("env"))
                .findFirst()
                .orElseThrow();
        Path file = set.dir().resolve(env.file());
        byte[] b = Files.readAllBytes(file);
        b[b.length - 3] ^= 1;
        Files.write(file, b);
        Map<String, String> before = FileTrees.checksums(p.home());

        assertThatThrownBy(() -> Rollback.in(p.environment())
                        .full()
                        .toCommit(p.baseline().shortId())
                        .restoring(BackupSet.open(set.dir()), set.key(PASS))
                        .execute())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("does not verify")
                .hasMessageContaining(env.file());

        Map<String, String> after = FileTrees.checksums(p.home());
        after.keySet().removeIf(k -> k.startsWith(".rollback/"));
        before.keySet().removeIf(k -> k.startsWith(".rollback/"));
        assertThat(after).isEqualTo(before);
        assertThat(p.keyDir().resolve("root-token")).hasContent("hvs.rotated");
    }

    @Test
    void anEncryptedSetWithoutItsKeyIsRefused() {
        assertThatThrownBy(() -> Rollback.in(p.environment())
                        .full()
                        .toCommit(p.baseline().shortId())
                        .restoring(set)
                        .execute())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("is encrypted and no passphrase");
        assertThat(p.keyDir().resolve("root-token")).hasContent("hvs.rotated");
    }

    @Test
    void aSetInTheWorkTreeThatGitignoreDoesNotListStaysThroughTheRollbacksStash() throws Exception {
        // DevStack Core's .gitignore ignores backups/, but neither .rollback/ nor the .env copies: nor does this one
        p.write(".gitignore", ".env\n");
        p.write("notes.txt", "an untracked note of the user's\n");

        RollbackResult r = Rollback.in(p.environment())
                .full()
                .toCommit(p.baseline().shortId())
                .restoring(set, set.key(PASS))
                .execute();

        assertThat(set.dir().resolve("manifest.json")).isRegularFile();
        assertThat(p.home().resolve(".rollback/runs/" + r.runId() + "/journal.jsonl"))
                .isRegularFile();
        assertThat(p.home().resolve("notes.txt")).doesNotExist();
        try (GitRepository repo = GitRepository.open(p.home())) {
            assertThat(repo.status().untracked()).isEmpty();
            assertThat(repo.stashes()).hasSize(1);
        }
        assertThat(p.read(".env")).isEqualTo(envAtBackup);
    }

    @Test
    void volumesAndDatabasesNeedASet() {
        assertThatThrownBy(() -> Rollback.in(p.environment())
                        .full()
                        .toCommit(p.baseline().shortId())
                        .restoringVolumes()
                        .plan())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("needs a backup set");
    }

    @Test
    void theSeedsManualLayoutRestoresKeysAndEnvInPlace() throws Exception {
        Path manual = p.home().resolve("backups/20251114_manual");
        Files.createDirectories(manual);
        Files.writeString(manual.resolve("env_backup"), envAtBackup);
        try (var in = set.content(
                set.manifest().artifacts().stream()
                        .filter(a -> a.kind().equals("vault-keys"))
                        .findFirst()
                        .orElseThrow(),
                set.key(PASS))) {
            Path unpacked = tmp.resolve("unpacked");
            KeyDirectoryTarAccess.extract(in, unpacked);
            FileTrees.copy(unpacked, manual.resolve("vault-backup-20251114"));
        }
        Map<String, String> manualBefore = FileTrees.checksums(manual);

        RollbackResult r = Rollback.in(p.environment())
                .full()
                .toCommit(p.baseline().shortId())
                .restoring(BackupSet.open(manual))
                .execute();

        assertThat(r.succeeded()).isTrue();
        assertThat(FileTrees.checksums(p.keyDir())).isEqualTo(keysAtBackup);
        assertThat(p.read(".env")).isEqualTo(envAtBackup);
        assertThat(FileTrees.checksums(manual))
                .as("the old set is read, never written")
                .isEqualTo(manualBefore);
    }

    @Test
    void withoutABaselineTheSetsOwnCommitAndBranchAreTheTarget() throws Exception {
        try (GitRepository repo = GitRepository.open(p.home())) {
            repo.hardReset(p.baseline().id()); // moved away from where the backup was taken
        }

        RollbackResult r = Rollback.in(p.environment())
                .full()
                .restoring(set, set.key(PASS))
                .execute();

        try (GitRepository repo = GitRepository.open(p.home())) {
            assertThat(repo.head().id()).isEqualTo(set.manifest().git().commit());
            assertThat(repo.currentBranch()).contains(set.manifest().git().branch());
        }
        assertThat(r.steps())
                .extracting(StepResult::description)
                .anyMatch(d -> d.contains(set.manifest().git().commit().substring(0, 7)));
    }
}
