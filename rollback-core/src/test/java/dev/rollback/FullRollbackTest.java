package dev.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.ExitCode;
import dev.rollback.errors.PreflightException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackResult;
import dev.rollback.events.StepResult;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.git.GitRepository;
import dev.rollback.io.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullRollbackTest {
    @TempDir
    Path tmp;

    ProjectFixture p;
    Path envBackup;
    Path keyBackup;

    @BeforeEach
    void snapshotThenBreak() {
        p = ProjectFixture.create(tmp);
        ProjectFixture.SavedState saved = p.saveThenChange(tmp.resolve("backup"));
        envBackup = saved.env();
        keyBackup = saved.keys();
    }

    @Test
    void fullRollbackResetsStashesAndRestoresKeysAndEnv() throws Exception {
        RollbackResult r = Rollback.in(p.environment())
                .full()
                .toCommit(p.baseline().shortId())
                .restoringVaultKeysFrom(keyBackup)
                .restoringEnvFrom(envBackup)
                .execute();

        assertThat(r.succeeded()).isTrue();
        assertThat(r.steps())
                .extracting(StepResult::name)
                .containsExactly("git-stash", "git-checkout", "git-reset", "vault-keys", "env-restore");
        try (GitRepository repo = GitRepository.open(p.home())) {
            assertThat(repo.head().id()).isEqualTo(p.baseline().id());
            assertThat(repo.status().clean()).isTrue();
            assertThat(repo.stashes())
                    .first()
                    .extracting(s -> s.message())
                    .asString()
                    .contains("rollback-stash-");
        }
        assertThat(p.read("configs/mysql/scripts/init.sh")).contains("root token");
        assertThat(Files.mismatch(p.home().resolve(".env"), envBackup)).isEqualTo(-1);
        assertThat(FileTrees.checksums(p.keyDir())).isEqualTo(FileTrees.checksums(keyBackup));
        Path aside = p.home().resolve(".rollback/runs/" + r.runId() + "/safety/vault-keys-before/root-token");
        assertThat(aside).hasContent("hvs.rotated");
    }

    @Test
    void keysRestoredFromACopyOpenToOthersAreOwnerOnly() throws Exception {
        // a saved copy made with cp -r under umask 022, as the runbook's ~/vault-backup-<date>
        for (Path f : List.of(keyBackup.resolve("keys.json"), keyBackup.resolve("root-token"))) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }

        RollbackResult r = Rollback.in(p.environment())
                .full()
                .toCommit(p.baseline().shortId())
                .restoringVaultKeysFrom(keyBackup)
                .execute();

        assertThat(r.succeeded()).isTrue();
        assertThat(FileTrees.checksums(p.keyDir())).isEqualTo(FileTrees.checksums(keyBackup));
        for (String f : List.of("keys.json", "root-token")) {
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(p.keyDir().resolve(f))))
                    .as(f)
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p.keyDir())))
                .isEqualTo("rwx------");
    }

    @Test
    void unknownBaselineIsRefusedInPreflightAndNothingChanges() throws Exception {
        Map<String, String> before = FileTrees.checksums(p.home());

        assertThatThrownBy(() -> Rollback.in(p.environment())
                        .full()
                        .toCommit("1234567")
                        .restoringVaultKeysFrom(keyBackup)
                        .restoringEnvFrom(envBackup)
                        .execute())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("commit '1234567' not found")
                .satisfies(e -> assertThat(((PreflightException) e).exitCode()).isEqualTo(ExitCode.PREFLIGHT_REFUSED));

        Map<String, String> after = FileTrees.checksums(p.home());
        after.keySet().removeIf(k -> k.startsWith(".rollback/"));
        assertThat(after).isEqualTo(before);
        assertThat(p.keyDir().resolve("root-token")).hasContent("hvs.rotated");
    }

    @Test
    void backupWithoutKeysJsonIsRefusedBeforeAnyChange() throws Exception {
        Files.delete(keyBackup.resolve("keys.json"));

        assertThatThrownBy(() -> Rollback.in(p.environment())
                        .full()
                        .toCommit(p.baseline().shortId())
                        .restoringVaultKeysFrom(keyBackup)
                        .execute())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("has no keys.json");

        try (GitRepository repo = GitRepository.open(p.home())) {
            assertThat(repo.head().id()).isEqualTo(p.improvement().id());
        }
        assertThat(p.read("docs/README.md")).isEqualTo("uncommitted work\n");
    }

    @Test
    void fullRollbackWithoutBaselineIsAUsageError() {
        assertThatThrownBy(() -> Rollback.in(p.environment()).full().plan())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("baseline_commit");
    }

    @Test
    void aRelativeBaselineIsResolvedOnceBeforeTheCheckoutMovesHead() throws Exception {
        String expected;
        try (GitRepository repo = GitRepository.open(p.home())) {
            repo.createBranch("feature/tls", "HEAD");
            repo.checkoutBranch("feature/tls");
            p.write("configs/postgres/scripts/init.sh", "#!/bin/sh\n# feature work\n");
            repo.commitAll("feature: one more commit");
            expected = repo.resolve("HEAD~1").orElseThrow().id(); // the improvement, as the user meant it
        }

        RollbackResult r = Rollback.in(p.environment())
                .full()
                .onBranch("main")
                .toCommit("HEAD~1")
                .execute();

        assertThat(r.succeeded()).isTrue();
        try (GitRepository repo = GitRepository.open(p.home())) {
            assertThat(repo.head().id())
                    .isEqualTo(expected)
                    .isEqualTo(p.improvement().id());
        }
    }
}
