package dev.rollback.git;

import static dev.rollback.git.GitFixture.executable;
import static dev.rollback.git.GitFixture.git;
import static dev.rollback.git.GitFixture.read;
import static dev.rollback.git.GitFixture.write;
import static dev.rollback.git.GitFixture.writeExecutable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCheckoutPathsTest {
    private static final List<String> SEED_PATTERNS =
            List.of("configs/*/performance/", "scripts/backup-*.sh", "scripts/restore-*.sh", "docs/");

    @TempDir
    Path dir;

    GitRepository repo;
    CommitInfo reference;

    /** A DevStack-like tree at a reference commit, then a later commit that changed and removed files. */
    @BeforeEach
    void repositoryWithReferenceAndLaterCommit() throws Exception {
        repo = GitRepository.init(dir);
        write(dir, "configs/mysql/performance/my.cnf", "innodb_buffer_pool_size=1G\n");
        write(dir, "configs/postgres/performance/postgresql.conf", "shared_buffers=512MB\n");
        write(dir, "configs/postgres/performance/tuning/work_mem.conf", "work_mem=64MB\n");
        writeExecutable(dir, "configs/mysql/scripts/init.sh", "#!/bin/sh\necho reference init\n");
        write(dir, "configs/redis/redis.conf", "maxmemory 256mb\n");
        writeExecutable(dir, "scripts/backup-all.sh", "#!/bin/sh\necho backup\n");
        writeExecutable(dir, "scripts/restore-all.sh", "#!/bin/sh\necho restore\n");
        write(dir, "scripts/deploy.sh", "#!/bin/sh\necho deploy v1\n");
        write(dir, "docs/README.md", "reference docs\n");
        write(dir, "docs/guides/rollback.md", "reference guide\n");
        reference = repo.commitAll("reference");

        write(dir, "configs/mysql/performance/my.cnf", "innodb_buffer_pool_size=8G\n");
        Files.delete(dir.resolve("configs/postgres/performance/tuning/work_mem.conf"));
        write(dir, "configs/mysql/scripts/init.sh", "#!/bin/sh\necho broken init\n");
        write(dir, "configs/redis/redis.conf", "maxmemory 4gb\n");
        write(dir, "scripts/backup-all.sh", "#!/bin/sh\necho changed backup\n");
        Files.setPosixFilePermissions(
                dir.resolve("scripts/backup-all.sh"), PosixFilePermissions.fromString("rw-r--r--"));
        write(dir, "scripts/deploy.sh", "#!/bin/sh\necho deploy v2\n");
        Files.delete(dir.resolve("docs/guides/rollback.md"));
        write(dir, "docs/new-since.md", "added after the reference\n");
        repo.commitAll("later");
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    @Test
    void matchPathsExpandsSeedPatternsAgainstTheCommitTree() {
        List<String> files = repo.matchPaths(reference.shortId(), SEED_PATTERNS);

        assertThat(files)
                .containsExactly(
                        "configs/mysql/performance/my.cnf",
                        "configs/postgres/performance/postgresql.conf",
                        "configs/postgres/performance/tuning/work_mem.conf",
                        "docs/README.md",
                        "docs/guides/rollback.md",
                        "scripts/backup-all.sh",
                        "scripts/restore-all.sh");
    }

    @Test
    void matchPathsAcceptsFilesDirectoriesWithAndWithoutSlashAndDoubleStarGlobs() {
        assertThat(repo.matchPaths("HEAD", List.of("configs/mysql/scripts/init.sh")))
                .containsExactly("configs/mysql/scripts/init.sh");
        assertThat(repo.matchPaths("HEAD", List.of("docs"))).containsExactly("docs/README.md", "docs/new-since.md");
        assertThat(repo.matchPaths("HEAD", List.of("**/*.conf")))
                .containsExactly("configs/postgres/performance/postgresql.conf", "configs/redis/redis.conf");
        assertThat(repo.matchPaths("HEAD", List.of("scripts/?eploy.sh"))).containsExactly("scripts/deploy.sh");
        assertThat(repo.matchPaths("HEAD", List.of("configs/*"))).hasSize(4);
    }

    @Test
    void matchPathsReturnsSortedUnionWithoutDuplicatesAndSkipsPatternsMatchingNothing() {
        List<String> files = repo.matchPaths("HEAD", List.of("scripts/", "scripts/deploy.sh", "nothing/here/"));

        assertThat(files).containsExactly("scripts/backup-all.sh", "scripts/deploy.sh", "scripts/restore-all.sh");
    }

    @Test
    void matchPathsRefusesUnknownCommit() {
        assertThatThrownBy(() -> repo.matchPaths("80f7072", List.of("docs/")))
                .isInstanceOf(RollbackException.class)
                .hasMessageStartingWith("commit '80f7072' not found in " + repo.workTree());
    }

    @Test
    void checkoutPathsRestoresSeedPatternsFromEarlierCommitLeavingOtherFilesAlone() {
        List<String> written = repo.checkoutPaths(reference.shortId(), SEED_PATTERNS);

        assertThat(written).containsExactlyElementsOf(repo.matchPaths(reference.id(), SEED_PATTERNS));
        assertThat(read(dir, "configs/mysql/performance/my.cnf")).isEqualTo("innodb_buffer_pool_size=1G\n");
        assertThat(read(dir, "configs/postgres/performance/tuning/work_mem.conf"))
                .isEqualTo("work_mem=64MB\n");
        assertThat(read(dir, "scripts/backup-all.sh")).isEqualTo("#!/bin/sh\necho backup\n");
        assertThat(read(dir, "docs/guides/rollback.md")).isEqualTo("reference guide\n");
        assertThat(read(dir, "docs/new-since.md"))
                .as("absent from the commit: left alone, as git does")
                .isEqualTo("added after the reference\n");
        assertThat(read(dir, "configs/redis/redis.conf")).isEqualTo("maxmemory 4gb\n");
        assertThat(read(dir, "scripts/deploy.sh")).isEqualTo("#!/bin/sh\necho deploy v2\n");
        assertThat(read(dir, "configs/mysql/scripts/init.sh")).isEqualTo("#!/bin/sh\necho broken init\n");
    }

    @Test
    void checkoutPathsLeavesTheSameStateAsTheSeedsShellCommandDoes(@TempDir Path twinParent) {
        Path twin = twinParent.resolve("twin");
        git(twinParent, "clone", "-q", dir.toString(), twin.toString());
        GitFixture.sh(
                twin,
                "git checkout -q " + reference.shortId() + " -- configs/*/performance/ "
                        + "scripts/backup-*.sh scripts/restore-*.sh docs/ configs/mysql/scripts/init.sh");

        repo.checkoutPaths(
                reference.shortId(),
                List.of(
                        "configs/*/performance/",
                        "scripts/backup-*.sh",
                        "scripts/restore-*.sh",
                        "docs/",
                        "configs/mysql/scripts/init.sh"));

        assertThat(git(dir, "status", "--porcelain")).isEqualTo(git(twin, "status", "--porcelain"));
        assertThat(git(dir, "diff", "--cached", "--raw")).isEqualTo(git(twin, "diff", "--cached", "--raw"));
        assertThat(git(dir, "diff", "--raw")).isEmpty();
    }

    @Test
    void checkoutPathsRestoresExecutableBit() {
        assertThat(executable(dir, "scripts/backup-all.sh")).isFalse();

        repo.checkoutPaths(reference.id(), List.of("scripts/backup-*.sh"));

        assertThat(executable(dir, "scripts/backup-all.sh")).isTrue();
        assertThat(git(dir, "ls-files", "-s", "scripts/backup-all.sh")).startsWith("100755 ");
        assertThat(repo.status().modified()).containsExactly("scripts/backup-all.sh");
    }

    @Test
    void checkoutPathsRevertsSingleInitScript() {
        List<String> written = repo.checkoutPaths(reference.shortId(), List.of("configs/mysql/scripts/init.sh"));

        assertThat(written).containsExactly("configs/mysql/scripts/init.sh");
        assertThat(read(dir, "configs/mysql/scripts/init.sh")).isEqualTo("#!/bin/sh\necho reference init\n");
        assertThat(executable(dir, "configs/mysql/scripts/init.sh")).isTrue();
    }

    @Test
    void checkoutPathsRefusesPatternThatMatchesNothingAndChangesNothing() {
        String statusBefore = git(dir, "status", "--porcelain");

        assertThatThrownBy(() -> repo.checkoutPaths(
                        reference.shortId(), List.of("docs/", "configs/*/monitoring/", "scripts/backup-*.sh")))
                .isInstanceOf(RollbackException.class)
                .hasMessageStartingWith("pattern 'configs/*/monitoring/' matches no file of commit "
                        + reference.shortId() + " ('reference') in " + repo.workTree() + "; nothing was changed");
        assertThat(read(dir, "docs/README.md")).isEqualTo("reference docs\n");
        assertThat(dir.resolve("docs/guides/rollback.md")).doesNotExist();
        assertThat(read(dir, "scripts/backup-all.sh")).isEqualTo("#!/bin/sh\necho changed backup\n");
        assertThat(git(dir, "status", "--porcelain")).isEqualTo(statusBefore);
    }

    @Test
    void checkoutPathsNamesEveryPatternThatMatchesNothing() {
        assertThatThrownBy(() -> repo.checkoutPaths("HEAD", List.of("nope/", "docs/", "also-nope.txt")))
                .isInstanceOf(RollbackException.class)
                .hasMessageStartingWith("patterns 'nope/', 'also-nope.txt' match no file of commit");
    }

    @Test
    void checkoutPathsRefusesUnknownCommitAndEmptyPatternList() {
        assertThatThrownBy(() -> repo.checkoutPaths("80f7072", List.of("docs/")))
                .isInstanceOf(RollbackException.class)
                .hasMessage("commit '80f7072' not found in " + repo.workTree()
                        + "; fetch it (git fetch --all) or pass an existing commit");
        assertThatThrownBy(() -> repo.checkoutPaths("HEAD", List.of())).isInstanceOf(UsageException.class);
    }
}
