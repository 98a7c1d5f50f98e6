package dev.rollback.git;

import static dev.rollback.git.GitFixture.bytes;
import static dev.rollback.git.GitFixture.git;
import static dev.rollback.git.GitFixture.read;
import static dev.rollback.git.GitFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.EnvironmentException;
import dev.rollback.errors.RollbackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoryTest {
    @TempDir
    Path dir;

    GitRepository repo;

    @BeforeEach
    void initRepository() {
        repo = GitRepository.init(dir);
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    @Test
    void changedSinceListsCommittedAndUncommittedChangesButNotIgnoredFiles() {
        write(dir, ".gitignore", ".rollback/\n");
        write(dir, "docs/README.md", "a\n");
        write(dir, "configs/mysql/scripts/init.sh", "a\n");
        write(dir, "old.txt", "a\n");
        String base = repo.commitAll("base").id();
        write(dir, "docs/README.md", "b\n");
        GitFixture.git(dir, "rm", "-q", "old.txt");
        repo.commitAll("later");
        write(dir, "configs/mysql/scripts/init.sh", "b\n");
        write(dir, "new.txt", "new\n");
        write(dir, ".rollback/runs/x", "ignored\n");

        assertThat(repo.changedSince(base))
                .containsExactly("configs/mysql/scripts/init.sh", "docs/README.md", "new.txt", "old.txt");
        assertThat(repo.changedSince("HEAD")).containsExactly("configs/mysql/scripts/init.sh", "new.txt");
    }

    @Test
    void changedSinceAnUnknownCommitSaysSo() {
        write(dir, "a.txt", "a\n");
        repo.commitAll("base");

        assertThatThrownBy(() -> repo.changedSince("deadbeef"))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("deadbeef");
    }

    @Test
    void openRefusesDirectoryWithoutDotGit(@TempDir Path plain) {
        assertThatThrownBy(() -> GitRepository.open(plain))
                .isInstanceOf(EnvironmentException.class)
                .hasMessage(plain + ": not a git repository (no .git found); run the rollback from the project's "
                        + "directory or pass its path")
                .satisfies(e -> assertThat(((EnvironmentException) e).file()).isEqualTo(plain));
    }

    @Test
    void openRefusesDotGitThatIsNoRepository(@TempDir Path broken) throws Exception {
        Files.createDirectory(broken.resolve(".git"));

        assertThatThrownBy(() -> GitRepository.open(broken))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining(broken + ": has a .git that cannot be opened as a repository")
                .hasCauseInstanceOf(Exception.class);
    }

    @Test
    void openReadsRepositoryMadeByGitCli(@TempDir Path cli) {
        git(cli, "init", "-q", "-b", "main");
        write(cli, "a.txt", "a\n");
        git(cli, "add", "-A");
        git(cli, "commit", "-q", "-m", "made by the cli");

        try (GitRepository opened = GitRepository.open(cli)) {
            assertThat(opened.head().id()).isEqualTo(git(cli, "rev-parse", "HEAD"));
            assertThat(opened.head().subject()).isEqualTo("made by the cli");
            assertThat(opened.head().author()).isEqualTo("Fixture");
            assertThat(opened.currentBranch()).contains("main");
        }
    }

    @Test
    void openFollowsGitfileOfLinkedWorktree(@TempDir Path linked) {
        write(dir, "a.txt", "a\n");
        repo.commitAll("base");
        Path worktree = linked.resolve("wt");
        git(dir, "worktree", "add", "-q", "-b", "feature", worktree.toString());

        try (GitRepository opened = GitRepository.open(worktree)) {
            assertThat(Files.isRegularFile(worktree.resolve(".git"))).isTrue();
            assertThat(opened.currentBranch()).contains("feature");
            assertThat(opened.head().id()).isEqualTo(git(worktree, "rev-parse", "HEAD"));
            assertThat(opened.status().clean()).isTrue();
        }
    }

    @Test
    void initCreatesRepositoryWithMainAsInitialBranch() {
        Optional<String> branch = repo.currentBranch();

        assertThat(branch).contains("main");
        assertThat(git(dir, "symbolic-ref", "HEAD")).isEqualTo("refs/heads/main");
        assertThat(repo.workTree()).isEqualTo(dir.toAbsolutePath().normalize());
    }

    @Test
    void headRefusesRepositoryWithoutCommits() {
        assertThatThrownBy(() -> repo.head())
                .isInstanceOf(RollbackException.class)
                .hasMessageStartingWith(repo.workTree() + " has no commits yet");
    }

    @Test
    void headDescribesTheLatestCommitAsGitDoes() {
        write(dir, "a.txt", "a\n");

        CommitInfo commit = repo.commitAll("baseline\n\nlonger body");

        assertThat(repo.head()).isEqualTo(commit);
        assertThat(commit.id()).isEqualTo(git(dir, "rev-parse", "HEAD"));
        assertThat(commit.shortId()).isEqualTo(git(dir, "rev-parse", "--short=7", "HEAD"));
        assertThat(commit.subject()).isEqualTo("baseline");
        assertThat(commit.time().getEpochSecond()).isEqualTo(Long.parseLong(git(dir, "log", "-1", "--format=%ct")));
    }

    @Test
    void stashMessageFormatsInstantInSystemZone() {
        Instant now = LocalDateTime.of(2025, 11, 14, 8, 50, 7)
                .atZone(ZoneId.systemDefault())
                .toInstant();

        String message = GitRepository.stashMessage(now);

        assertThat(message).isEqualTo("rollback-stash-20251114_085007");
    }

    @Test
    void currentBranchIsEmptyWhenHeadIsDetached() {
        write(dir, "a.txt", "a\n");
        repo.commitAll("base");
        git(dir, "checkout", "-q", "--detach");

        Optional<String> branch = repo.currentBranch();

        assertThat(branch).isEmpty();
        assertThat(repo.head().id()).isEqualTo(git(dir, "rev-parse", "HEAD"));
    }

    @Test
    void statusSortsChangesIntoModifiedAddedRemovedAndUntrackedAndHonoursGitignore() throws Exception {
        write(dir, ".gitignore", "*.log\nbuild/\n");
        write(dir, "modified.txt", "v1\n");
        write(dir, "staged.txt", "v1\n");
        write(dir, "deleted.txt", "v1\n");
        write(dir, "unstaged-deleted.txt", "v1\n");
        repo.commitAll("base");
        write(dir, "modified.txt", "v2\n");
        write(dir, "staged.txt", "v2\n");
        git(dir, "add", "staged.txt");
        git(dir, "rm", "-q", "deleted.txt");
        write(dir, "new-staged.txt", "new\n");
        git(dir, "add", "new-staged.txt");
        Files.delete(dir.resolve("unstaged-deleted.txt"));
        write(dir, "notes/untracked.txt", "u\n");
        write(dir, "debug.log", "ignored\n");
        write(dir, "build/out.bin", "ignored\n");

        WorkTreeStatus status = repo.status();

        assertThat(status.modified()).containsExactly("modified.txt", "staged.txt");
        assertThat(status.added()).containsExactly("new-staged.txt");
        assertThat(status.removed()).containsExactly("deleted.txt", "unstaged-deleted.txt");
        assertThat(status.untracked()).containsExactly("notes/untracked.txt");
        assertThat(status.conflicting()).isEmpty();
        assertThat(status.clean()).isFalse();
    }

    @Test
    void statusReportsConflictingPathsOfFailedMerge() {
        write(dir, "shared.txt", "base\n");
        repo.commitAll("base");
        git(dir, "checkout", "-q", "-b", "other");
        write(dir, "shared.txt", "other\n");
        repo.commitAll("other side");
        git(dir, "checkout", "-q", "main");
        write(dir, "shared.txt", "main\n");
        repo.commitAll("main side");
        assertThat(GitFixture.run(dir, null, "merge", "other").exit()).isNotZero();

        WorkTreeStatus status = repo.status();

        assertThat(status.conflicting()).containsExactly("shared.txt");
        assertThat(repo.isDirty()).isTrue();
    }

    @Test
    void isDirtyIsFalseForCleanTreeAndTrueForUntrackedFileOnly() {
        write(dir, ".gitignore", "*.log\n");
        write(dir, "a.txt", "a\n");
        repo.commitAll("base");
        write(dir, "ignored.log", "x\n");
        boolean cleanWithIgnoredFile = repo.isDirty();
        write(dir, "new.txt", "x\n");

        boolean dirty = repo.isDirty();

        assertThat(cleanWithIgnoredFile).isFalse();
        assertThat(dirty).isTrue();
        assertThat(repo.status().untracked()).containsExactly("new.txt");
    }

    @Test
    void commitAllMakesFirstCommitOfEmptyRepository() {
        write(dir, "a.txt", "a\n");

        CommitInfo first = repo.commitAll("first");

        assertThat(git(dir, "rev-list", "--count", "HEAD")).isEqualTo("1");
        assertThat(git(dir, "rev-parse", "HEAD")).isEqualTo(first.id());
        assertThat(git(dir, "ls-tree", "-r", "--name-only", "HEAD")).isEqualTo("a.txt");
    }

    @Test
    void commitAllStagesDeletionsAndUntrackedFilesButNotIgnoredOnes() throws Exception {
        write(dir, ".gitignore", "secrets/\n");
        write(dir, "keep.txt", "k\n");
        write(dir, "gone.txt", "g\n");
        repo.commitAll("base");
        Files.delete(dir.resolve("gone.txt"));
        write(dir, "keep.txt", "k2\n");
        write(dir, "deep/new.txt", "n\n");
        write(dir, "secrets/vault-keys.json", "{}\n");

        CommitInfo commit = repo.commitAll("everything");

        assertThat(git(dir, "ls-tree", "-r", "--name-only", commit.id()).lines())
                .containsExactly(".gitignore", "deep/new.txt", "keep.txt");
        assertThat(git(dir, "show", "HEAD:keep.txt")).isEqualTo("k2");
        assertThat(git(dir, "status", "--porcelain")).isEmpty();
        assertThat(repo.status().clean()).isTrue();
    }

    @Test
    void commitAllUsesConfiguredAuthor() {
        git(dir, "config", "user.name", "Configured Person");
        git(dir, "config", "user.email", "configured@example.invalid");
        write(dir, "a.txt", "a\n");

        CommitInfo commit = repo.commitAll("by the configured author");

        assertThat(commit.author()).isEqualTo("Configured Person");
        assertThat(git(dir, "log", "-1", "--format=%an <%ae> / %cn <%ce>"))
                .isEqualTo("Configured Person <configured@example.invalid> / Configured Person "
                        + "<configured@example.invalid>");
    }

    @Test
    void identityFallsBackToRollbackAtLocalhostWhenNoneIsConfigured() {
        PersonIdent who = GitIdentity.of(new Config());

        assertThat(who.getName() + " <" + who.getEmailAddress() + ">").isEqualTo("rollback <rollback@localhost>");
    }

    @Test
    void diffPatchIsEmptyForCleanTreeAndIgnoresUntrackedFiles() {
        write(dir, "a.txt", "a\n");
        repo.commitAll("base");
        write(dir, "untracked.txt", "u\n");

        String patch = repo.diffPatch();

        assertThat(patch).isEmpty();
    }

    @Test
    void diffPatchDescribesStagedAndUnstagedChangesSoThatGitCanApplyIt(@TempDir Path out) throws Exception {
        write(dir, ".gitignore", "*.local\n");
        write(dir, "config.yml", "port: 1\nhost: a\n");
        write(dir, "old.txt", "old\n");
        write(dir, "forced.local", "tracked although ignored\n");
        git(dir, "add", "-A");
        git(dir, "add", "-f", "forced.local");
        repo.commitAll("base");
        write(dir, "config.yml", "port: 2\nhost: a\n");
        Files.delete(dir.resolve("old.txt"));
        write(dir, "staged-new.txt", "new\n");
        git(dir, "add", "staged-new.txt");
        write(dir, "forced.local", "changed\n");

        String patch = repo.diffPatch();

        assertThat(patch)
                .contains(
                        "diff --git a/config.yml b/config.yml",
                        "-port: 1",
                        "+port: 2",
                        "diff --git a/old.txt b/old.txt",
                        "deleted file mode 100644",
                        "diff --git a/staged-new.txt b/staged-new.txt",
                        "diff --git a/forced.local b/forced.local");
        Path file = write(out, "change.patch", patch);
        assertThat(GitFixture.run(dir, null, "apply", "-R", "--check", file.toString())
                        .exit())
                .as("the patch reverse-applies onto the work tree")
                .isZero();
    }

    @Test
    void diffPatchShowsBinaryFilesAsDiffering() {
        write(dir, "logo.bin", new byte[] {0, 1, 2, 3, 0, (byte) 0xff});
        repo.commitAll("base");
        write(dir, "logo.bin", new byte[] {0, 9, 9, 0, (byte) 0xfe});

        String patch = repo.diffPatch();

        assertThat(patch).contains("diff --git a/logo.bin b/logo.bin", "Binary files differ");
    }

    @Test
    void branchesListsLocalBranchesSorted() {
        write(dir, "a.txt", "a\n");
        repo.commitAll("base");
        git(dir, "branch", "zeta");
        git(dir, "branch", "feature/x");

        List<String> branches = repo.branches();

        assertThat(branches).containsExactly("feature/x", "main", "zeta");
    }

    @Test
    void checkoutBranchSwitchesToExistingLocalBranchFromDetachedHead() {
        write(dir, "a.txt", "a\n");
        repo.commitAll("base");
        git(dir, "checkout", "-q", "-b", "feature");
        write(dir, "a.txt", "feature\n");
        repo.commitAll("feature work");
        git(dir, "checkout", "-q", "--detach");

        repo.checkoutBranch("main");

        assertThat(repo.currentBranch()).contains("main");
        assertThat(git(dir, "branch", "--show-current")).isEqualTo("main");
        assertThat(read(dir, "a.txt")).isEqualTo("a\n");
    }

    @Test
    void checkoutBranchRefusesUnknownBranchListingLocalBranches() {
        write(dir, "a.txt", "a\n");
        repo.commitAll("base");
        git(dir, "branch", "develop");

        assertThatThrownBy(() -> repo.checkoutBranch("mian"))
                .isInstanceOf(RollbackException.class)
                .hasMessageStartingWith(
                        "branch 'mian' not found in " + repo.workTree() + "; local branches: develop, main;");
    }

    @Test
    void checkoutBranchRefusesToOverwriteLocalChangesAndKeepsThem() {
        write(dir, "a.txt", "a\n");
        repo.commitAll("base");
        git(dir, "checkout", "-q", "-b", "feature");
        write(dir, "a.txt", "feature\n");
        repo.commitAll("feature work");
        write(dir, "a.txt", "precious local edit\n");

        assertThatThrownBy(() -> repo.checkoutBranch("main"))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("cannot check out branch 'main' in " + repo.workTree())
                .hasMessageContaining("a.txt")
                .hasMessageContaining("stash them first");
        assertThat(bytes(dir, "a.txt")).isEqualTo("precious local edit\n".getBytes());
        assertThat(repo.currentBranch()).contains("feature");
    }

    @Test
    void closeCanBeCalledTwice() {
        GitRepository other = GitRepository.open(dir);

        other.close();
        other.close();

        assertThat(repo.currentBranch()).contains("main");
    }
}
