package dev.rollback.git;

import static dev.rollback.git.GitFixture.bytes;
import static dev.rollback.git.GitFixture.git;
import static dev.rollback.git.GitFixture.read;
import static dev.rollback.git.GitFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.rollback.errors.RollbackException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitStashAndResetTest {
    private static final byte[] BINARY = {0, 1, 2, (byte) 0xfe, (byte) 0xff, '\r', '\n', 0};

    @TempDir
    Path dir;

    GitRepository repo;
    CommitInfo base;

    @BeforeEach
    void repositoryWithOneCommit() {
        repo = GitRepository.init(dir);
        write(dir, ".gitignore", "*.log\n");
        write(dir, "configs/app.yml", "port: 1\n");
        write(dir, "README.md", "readme\n");
        base = repo.commitAll("base");
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    @Test
    void stashOfDirtyTreeIncludingUntrackedFilesUsesRollbackMessageAndLosesNothing() {
        String message = GitRepository.stashMessage(Instant.now());
        write(dir, "configs/app.yml", "port: 2\n");
        write(dir, "notes/todo.txt", "untracked note\n");
        write(dir, "data/blob.bin", BINARY);
        write(dir, "debug.log", "ignored, stays\n");

        Optional<StashRef> stash = repo.stash(message);

        assertThat(stash).hasValueSatisfying(s -> {
            assertThat(s.index()).isZero();
            assertThat(s.message()).isEqualTo(message);
            assertThat(s.id()).isEqualTo(git(dir, "rev-parse", "stash@{0}"));
        });
        assertThat(repo.status().clean()).isTrue();
        assertThat(read(dir, "configs/app.yml")).isEqualTo("port: 1\n");
        assertThat(dir.resolve("notes/todo.txt")).doesNotExist();
        assertThat(read(dir, "debug.log")).isEqualTo("ignored, stays\n");
        assertThat(git(dir, "stash", "list")).isEqualTo("stash@{0}: On main: " + message);
        assertThat(git(dir, "show", "--name-only", "--format=", "stash@{0}^3").lines())
                .containsExactly("data/blob.bin", "notes/todo.txt");

        repo.applyStash(stash.orElseThrow());

        assertThat(read(dir, "configs/app.yml")).isEqualTo("port: 2\n");
        assertThat(bytes(dir, "notes/todo.txt")).isEqualTo("untracked note\n".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes(dir, "data/blob.bin")).isEqualTo(BINARY);
        assertThat(repo.stashes()).as("apply keeps the entry").hasSize(1);
    }

    @Test
    void stashReturnsEmptyAndStashesNothingWhenTreeIsClean() {
        write(dir, "only-ignored.log", "x\n");

        Optional<StashRef> stash = repo.stash("rollback-stash-20251114_085007");

        assertThat(stash).isEmpty();
        assertThat(repo.stashes()).isEmpty();
        assertThat(git(dir, "stash", "list")).isEmpty();
    }

    @Test
    void stashTakesTreeWhoseOnlyChangeIsAnUntrackedFile() {
        write(dir, "new.txt", "new\n");

        Optional<StashRef> stash = repo.stash("untracked only");

        assertThat(stash).isPresent();
        assertThat(dir.resolve("new.txt")).doesNotExist();
        repo.applyStash(stash.orElseThrow());
        assertThat(read(dir, "new.txt")).isEqualTo("new\n");
    }

    @Test
    void stashKeepsMessageWithQuotesAndBracesVerbatim() {
        write(dir, "README.md", "changed\n");

        Optional<StashRef> stash = repo.stash("before 'rollback' of {mysql}");

        assertThat(stash.map(StashRef::message)).contains("before 'rollback' of {mysql}");
        assertThat(git(dir, "stash", "list")).isEqualTo("stash@{0}: On main: before 'rollback' of {mysql}");
    }

    @Test
    void stashOnDetachedHeadKeepsMessage() {
        git(dir, "checkout", "-q", "--detach");
        write(dir, "README.md", "changed while detached\n");

        Optional<StashRef> stash = repo.stash("detached work");

        assertThat(stash.map(StashRef::message)).contains("detached work");
        assertThat(repo.stashes()).extracting(StashRef::message).containsExactly("detached work");
        assertThat(read(dir, "README.md")).isEqualTo("readme\n");
    }

    @Test
    void stashRefusesRepositoryWithoutCommits(@TempDir Path empty) {
        try (GitRepository fresh = GitRepository.init(empty)) {
            write(empty, "a.txt", "a\n");

            assertThatThrownBy(() -> fresh.stash("x"))
                    .isInstanceOf(RollbackException.class)
                    .hasMessageStartingWith(fresh.workTree() + " has no commits yet (cannot stash its changes)");
            assertThat(read(empty, "a.txt")).isEqualTo("a\n");
        }
    }

    @Test
    void stashesListsNewestFirstLikeGitStashList() {
        write(dir, "README.md", "first change\n");
        repo.stash("first");
        write(dir, "README.md", "second change\n");
        repo.stash("second");

        List<StashRef> stashes = repo.stashes();

        assertThat(stashes)
                .extracting(StashRef::index, StashRef::message)
                .containsExactly(tuple(0, "second"), tuple(1, "first"));
        assertThat(stashes.get(1).id()).isEqualTo(git(dir, "rev-parse", "stash@{1}"));
    }

    @Test
    void applyStashFindsOlderEntryByIdAfterNewerStashes() {
        write(dir, "README.md", "older change\n");
        StashRef older = repo.stash("older").orElseThrow();
        write(dir, "configs/app.yml", "port: 3\n");
        repo.stash("newer");

        repo.applyStash(older);

        assertThat(read(dir, "README.md")).isEqualTo("older change\n");
        assertThat(read(dir, "configs/app.yml")).isEqualTo("port: 1\n");
    }

    @Test
    void applyStashRefusesEntryThatWasDropped() {
        write(dir, "README.md", "change\n");
        StashRef stash = repo.stash("dropped later").orElseThrow();
        git(dir, "stash", "drop", "-q");

        assertThatThrownBy(() -> repo.applyStash(stash))
                .isInstanceOf(RollbackException.class)
                .hasMessageStartingWith(
                        "stash " + stash.id() + " ('dropped later') is no longer in " + repo.workTree());
    }

    @Test
    void applyStashRefusesToOverwriteUntrackedFileAndKeepsTheEntry() {
        write(dir, "notes.txt", "stashed\n");
        StashRef stash = repo.stash("notes").orElseThrow();
        write(dir, "notes.txt", "written since, must survive\n");

        assertThatThrownBy(() -> repo.applyStash(stash))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("cannot apply stash@{0} ('notes') onto " + repo.workTree())
                .hasMessageContaining("the stash is kept");
        assertThat(read(dir, "notes.txt")).isEqualTo("written since, must survive\n");
        assertThat(repo.stashes()).extracting(StashRef::id).containsExactly(stash.id());
    }

    @Test
    void hardResetReturnsToBaselineGivenByShortIdAfterTwoLaterCommits() {
        write(dir, "configs/app.yml", "port: 2\n");
        write(dir, "added-later.txt", "later\n");
        repo.commitAll("later 1");
        write(dir, "configs/app.yml", "port: 3\n");
        repo.commitAll("later 2");
        write(dir, "README.md", "uncommitted edit\n");

        repo.hardReset(base.shortId());

        assertThat(repo.head()).isEqualTo(base);
        assertThat(git(dir, "rev-parse", "HEAD")).isEqualTo(base.id());
        assertThat(git(dir, "log", "--oneline", "-1")).startsWith(base.shortId() + " base");
        assertThat(repo.currentBranch()).contains("main");
        assertThat(read(dir, "configs/app.yml")).isEqualTo("port: 1\n");
        assertThat(read(dir, "README.md")).isEqualTo("readme\n");
        assertThat(dir.resolve("added-later.txt")).doesNotExist();
        assertThat(repo.status().clean()).isTrue();
    }

    @Test
    void hardResetLeavesUntrackedFilesAloneAsGitDoes() {
        write(dir, "README.md", "later\n");
        repo.commitAll("later");
        write(dir, "scratch/untracked.txt", "mine\n");

        repo.hardReset(base.id());

        assertThat(read(dir, "scratch/untracked.txt")).isEqualTo("mine\n");
        assertThat(repo.status().untracked()).containsExactly("scratch/untracked.txt");
    }

    @Test
    void hardResetRefusesUnknownCommitAndChangesNothing() {
        write(dir, "README.md", "uncommitted edit\n");
        String headBefore = git(dir, "rev-parse", "HEAD");

        assertThatThrownBy(() -> repo.hardReset("9bef892"))
                .isInstanceOf(RollbackException.class)
                .hasMessage("commit '9bef892' not found in " + repo.workTree()
                        + "; fetch it (git fetch --all) or pass an existing commit");
        assertThat(read(dir, "README.md")).isEqualTo("uncommitted edit\n");
        assertThat(git(dir, "rev-parse", "HEAD")).isEqualTo(headBefore);
    }

    @Test
    void hardResetMovesDetachedHeadLikeGit() {
        write(dir, "README.md", "later\n");
        repo.commitAll("later");
        git(dir, "checkout", "-q", "--detach");

        repo.hardReset("HEAD~1");

        assertThat(repo.currentBranch()).isEmpty();
        assertThat(git(dir, "rev-parse", "HEAD")).isEqualTo(base.id());
        assertThat(git(dir, "rev-parse", "main")).isNotEqualTo(base.id());
    }

    @Test
    void seedProcedureStashCheckoutMainResetKeepsWorkInStash() throws Exception {
        write(dir, "README.md", "later\n");
        repo.commitAll("later");
        git(dir, "checkout", "-q", "-b", "feature");
        write(dir, "README.md", "work in progress\n");
        write(dir, "wip.txt", "wip\n");
        StashRef stash = repo.stash(GitRepository.stashMessage(Instant.now())).orElseThrow();

        repo.checkoutBranch("main");
        repo.hardReset(base.shortId());

        assertThat(git(dir, "log", "--oneline", "-1")).startsWith(base.shortId());
        assertThat(git(dir, "branch", "--show-current")).isEqualTo("main");
        assertThat(git(dir, "show", stash.id() + ":README.md")).isEqualTo("work in progress");
        assertThat(git(dir, "show", stash.id() + "^3:wip.txt")).isEqualTo("wip");
        assertThat(Files.exists(dir.resolve("wip.txt"))).isFalse();
    }
}
