package dev.rollback.env;

import static dev.rollback.git.GitFixture.git;
import static dev.rollback.git.GitFixture.read;
import static dev.rollback.git.GitFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.git.GitRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool's own files (lock, journal, {@code .env.rollback-*}, backups) stay out of a rollback's stash on a project
 * whose {@code .gitignore} ignores none of them, as DevStack Core's ignores neither {@code .rollback/} nor the
 * {@code .env} copies.
 */
class LocalExcludesTest {
    @TempDir
    Path dir;

    private Environment env() {
        write(dir, "docker-compose.yml", "services:\n  app:\n    image: local/busybox\n");
        return Environment.custom(dir)
                .withProcessEnvironment(Map.of("HOME", dir.toString()))
                .build();
    }

    @Test
    void stashLeavesTheLockTheJournalTheEnvCopiesAndTheBackupsWhereTheyAre() {
        Environment env = env();
        try (GitRepository repo = GitRepository.init(dir)) {
            write(dir, ".gitignore", "*.log\n");
            write(dir, "configs/app.yml", "port: 1\n");
            repo.commitAll("base");
            write(dir, "configs/app.yml", "port: 2\n");
            write(dir, "notes.txt", "an untracked note of the user's\n");
            write(dir, ".rollback/lock", "123\n");
            write(dir, ".rollback/runs/r1/journal.jsonl", "{}\n");
            write(dir, ".env.rollback-20251114_085001", "OLD=1\n");
            write(dir, "backups/20251114_085001/manifest.json", "{}\n");

            LocalExcludes.ensure(env);
            repo.stash(GitRepository.stashMessage(Instant.now()));

            assertThat(read(dir, ".rollback/lock")).isEqualTo("123\n");
            assertThat(read(dir, ".rollback/runs/r1/journal.jsonl")).isEqualTo("{}\n");
            assertThat(read(dir, ".env.rollback-20251114_085001")).isEqualTo("OLD=1\n");
            assertThat(read(dir, "backups/20251114_085001/manifest.json")).isEqualTo("{}\n");
            assertThat(Files.exists(dir.resolve("notes.txt"))).isFalse();
            assertThat(read(dir, "configs/app.yml")).isEqualTo("port: 1\n");
            assertThat(git(dir, "show", "--name-only", "--format=", "stash@{0}^3"))
                    .isEqualTo("notes.txt");
            assertThat(git(dir, "status", "--porcelain")).isEmpty();
        }
    }

    @Test
    void theBlockIsWrittenOnceAndKeepsTheUsersOwnExcludes() throws Exception {
        Environment env = env();
        GitRepository.init(dir).close();
        Path exclude = dir.resolve(".git/info/exclude");
        Files.createDirectories(exclude.getParent());
        Files.writeString(exclude, "# mine\nscratch/\n");

        List<String> patterns = LocalExcludes.ensure(env);
        LocalExcludes.ensure(env);

        assertThat(patterns).containsExactly("/.rollback/", "/.env.rollback-*", "/backups/", "/rollback.yaml");
        assertThat(Files.readAllLines(exclude))
                .containsExactly(
                        "# mine",
                        "scratch/",
                        LocalExcludes.BEGIN,
                        "/.rollback/",
                        "/.env.rollback-*",
                        "/backups/",
                        "/rollback.yaml",
                        LocalExcludes.END);
    }

    @Test
    void aBackupRootOutsideTheWorkTreeIsNotListedAndAProjectWithoutGitIsLeftAlone() {
        write(dir, "p/docker-compose.yml", "services:\n  app:\n    image: local/busybox\n");
        Environment env = Environment.custom(dir.resolve("p"))
                .withBackupRoot(dir.resolve("elsewhere"))
                .withProcessEnvironment(Map.of("HOME", dir.toString()))
                .build();

        assertThat(LocalExcludes.ensure(env)).isEmpty();
        GitRepository.init(dir.resolve("p")).close();
        assertThat(LocalExcludes.ensure(env)).containsExactly("/.rollback/", "/.env.rollback-*", "/rollback.yaml");
    }
}
