package dev.rollback.git;

import static dev.rollback.git.GitFixture.git;
import static dev.rollback.git.GitFixture.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.RollbackException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitResolveTest {
    @TempDir
    Path dir;

    GitRepository repo;
    CommitInfo first;
    CommitInfo second;

    @BeforeEach
    void repositoryWithTwoCommitsAndTags() {
        repo = GitRepository.init(dir);
        write(dir, "a.txt", "1\n");
        first = repo.commitAll("first");
        write(dir, "a.txt", "2\n");
        second = repo.commitAll("second");
        git(dir, "tag", "light", first.id());
        git(dir, "tag", "-a", "-m", "annotated", "v1.0", first.id());
        git(dir, "branch", "develop", first.id());
    }

    @AfterEach
    void closeRepository() {
        repo.close();
    }

    @Test
    void resolveFindsFullAndAbbreviatedIds() {
        assertThat(repo.resolve(first.id())).contains(first);
        assertThat(repo.resolve(first.shortId())).contains(first);
        assertThat(repo.resolve(first.id().substring(0, 4))).contains(first);
        assertThat(repo.resolve(first.shortId().toUpperCase())).contains(first);
    }

    @Test
    void resolveFindsBranchesTagsAndExpressions() {
        assertThat(repo.resolve("main")).contains(second);
        assertThat(repo.resolve("develop")).contains(first);
        assertThat(repo.resolve("light")).contains(first);
        assertThat(repo.resolve("v1.0"))
                .as("annotated tag peeled to its commit")
                .contains(first);
        assertThat(repo.resolve("HEAD")).contains(second);
        assertThat(repo.resolve("HEAD~1")).contains(first);
        assertThat(repo.resolve("main^")).contains(first);
        assertThat(repo.resolve("HEAD~1").map(CommitInfo::id)).contains(git(dir, "rev-parse", "HEAD~1"));
    }

    @Test
    void resolveReturnsEmptyForUnknownMalformedTooShortOrNonCommitRevisions() {
        String blob = git(dir, "rev-parse", "HEAD:a.txt");

        assertThat(repo.resolve("9bef892")).isEmpty();
        assertThat(repo.resolve("no-such-branch")).isEmpty();
        assertThat(repo.resolve("HEAD~5")).isEmpty();
        assertThat(repo.resolve("HEAD^{nonsense")).isEmpty();
        assertThat(repo.resolve(first.id().substring(0, 3))).isEmpty();
        assertThat(repo.resolve(blob)).isEmpty();
        assertThat(repo.resolve("")).isEmpty();
        assertThat(repo.resolve(null)).isEmpty();
    }

    @Test
    void requireNamesCommitRepositoryAndRemedy() {
        assertThatThrownBy(() -> repo.require("9bef892"))
                .isInstanceOf(RollbackException.class)
                .hasMessage("commit '9bef892' not found in " + repo.workTree()
                        + "; fetch it (git fetch --all) or pass an existing commit");
    }

    @Test
    void requireReturnsCommitOfBranch() {
        CommitInfo commit = repo.require("develop");

        assertThat(commit).isEqualTo(first);
    }

    @Test
    void abbreviationSharedByTwoCommitsIsAmbiguous() {
        String prefix = sharedPrefixOfTwoCommits(manyCommits(1200));

        Optional<CommitInfo> resolved = repo.resolve(prefix);

        assertThat(resolved).isEmpty();
        assertThatThrownBy(() -> repo.require(prefix))
                .isInstanceOf(RollbackException.class)
                .hasMessageStartingWith("commit '" + prefix + "' is ambiguous in " + repo.workTree())
                .hasMessageEndingWith("pass more hex digits");
    }

    private List<String> manyCommits(int count) {
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String message = "generated " + i + "\n";
            stream.append("commit refs/heads/generated\n")
                    .append("committer Gen <gen@example.invalid> 1700000000 +0000\n")
                    .append("data ")
                    .append(message.length())
                    .append('\n')
                    .append(message)
                    .append('\n');
        }
        GitFixture.Result result = GitFixture.run(dir, stream.toString(), "fast-import", "--quiet");
        assertThat(result.exit()).as(result.stderr()).isZero();
        return git(dir, "rev-list", "generated").lines().toList();
    }

    private static String sharedPrefixOfTwoCommits(List<String> ids) {
        Map<String, Long> byPrefix =
                ids.stream().collect(Collectors.groupingBy(id -> id.substring(0, 4), Collectors.counting()));
        return byPrefix.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst()
                .orElseThrow(() -> new AssertionError("no shared 4-hex prefix among " + ids.size()));
    }
}
