package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.errors.ExitCode;
import dev.rollback.git.GitRepository;
import dev.rollback.validation.devstack.DevStackSandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Today's {@code docker-compose.yml} does not load (an edit broke its YAML, or gave a service neither image nor
 * build): that is the file a full rollback may be there to put back. Other commands refuse it naming the file and
 * what is wrong; {@code full} plans with the compose file of the commit it goes to, says so, and keeps the broken
 * edit in its stash. Files only.
 */
class BrokenComposeRollbackTest {
    @TempDir
    Path tmp;

    @Test
    void aFullRollbackPutsBackAComposeFileThatNoLongerLoadsAndKeepsTheEditInTheStash() {
        DevStackSandbox s = DevStackSandbox.create(tmp, "main");
        String good = s.read("docker-compose.yml");
        String broken = good.replaceFirst("services:\n", "services:\n  broken: [unclosed\n");
        s.write("docker-compose.yml", broken);

        CliRun status = CliRun.of("-C", s.home().toString(), "status");
        assertThat(status.code()).as(status.out() + status.err()).isNotZero();
        assertThat(status.err()).contains("docker-compose.yml").doesNotContain("Exception");

        CliRun full = CliRun.of(
                "-C", s.home().toString(), "full", "--to", s.baseline().shortId());

        assertThat(full.code()).as(full.out() + full.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(full.err())
                .contains(
                        "note: ",
                        "docker-compose.yml",
                        "the plan reads the compose files as they are at "
                                + s.baseline().shortId());
        assertThat(s.read("docker-compose.yml")).isEqualTo(good);
        try (GitRepository repo = GitRepository.open(s.home())) {
            assertThat(repo.head().id()).isEqualTo(s.baseline().id());
            assertThat(repo.stashes()).hasSize(1);
            repo.applyStash(repo.stashes().get(0));
        }
        assertThat(s.read("docker-compose.yml"))
                .as("the broken edit, kept in the stash")
                .isEqualTo(broken);
    }

    @Test
    void aBrokenComposeFileCommittedOnTheBranchIsRolledBackToTheBaselines() {
        DevStackSandbox s = DevStackSandbox.create(tmp, "main");
        String good = s.read("docker-compose.yml");
        s.write(
                "docker-compose.yml",
                good.replaceFirst("(?m)^  vault:\n", "  tools:\n    command: [\"true\"]\n" + "  vault:\n"));
        try (GitRepository repo = GitRepository.open(s.home())) {
            repo.commitAll("add a tools service (no image yet)");
        }

        CliRun status = CliRun.of("-C", s.home().toString(), "status");
        assertThat(status.code()).as(status.out() + status.err()).isNotZero();
        assertThat(status.err())
                .contains(
                        "docker-compose.yml",
                        "services.tools: has neither image nor build",
                        "give it an image: or a build:");

        CliRun full = CliRun.of(
                "-C", s.home().toString(), "full", "--to", s.baseline().shortId());

        assertThat(full.code()).as(full.out() + full.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(full.err()).contains("services.tools: has neither image nor build");
        assertThat(s.read("docker-compose.yml")).isEqualTo(good);
        try (GitRepository repo = GitRepository.open(s.home())) {
            assertThat(repo.head().id()).isEqualTo(s.baseline().id());
        }
    }

    @Test
    void whenTheTargetsComposeFileDoesNotLoadEitherTheErrorIsTodays() {
        DevStackSandbox s = DevStackSandbox.create(tmp, "main");
        s.write("docker-compose.yml", "services: [unclosed\n");
        String head;
        try (GitRepository repo = GitRepository.open(s.home())) {
            head = repo.commitAll("break the compose file").shortId();
        }

        CliRun full = CliRun.of("-C", s.home().toString(), "full", "--to", head);

        assertThat(full.code()).as(full.out() + full.err()).isNotZero().isNotEqualTo(ExitCode.SUCCESS);
        assertThat(full.err()).contains("error: ", "docker-compose.yml").doesNotContain("note: ");
        assertThat(s.read("docker-compose.yml")).isEqualTo("services: [unclosed\n");
    }
}
