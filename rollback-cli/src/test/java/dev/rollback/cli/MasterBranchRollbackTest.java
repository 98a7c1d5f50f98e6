package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.errors.ExitCode;
import dev.rollback.git.GitRepository;
import dev.rollback.validation.devstack.DevStackSandbox;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project whose main line is {@code master} (older repositories), with no {@code branch:} in rollback.yaml: the
 * full rollback checks out master, where it once refused because {@code main} does not exist. Files only.
 */
class MasterBranchRollbackTest {
    @TempDir
    Path tmp;

    @Test
    void aFullRollbackReturnsToMasterWhenTheRepositoryHasNoMain() {
        DevStackSandbox s = DevStackSandbox.create(tmp, "master");
        try (GitRepository repo = GitRepository.open(s.home())) {
            repo.hardReset(s.improvement().id());
            repo.createBranch("feature/tls", "HEAD");
            repo.checkoutBranch("feature/tls");
        }

        CliRun full = CliRun.of(
                "-C", s.home().toString(), "full", "--to", s.baseline().shortId());

        assertThat(full.code()).as(full.out() + full.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(full.out()).contains("check out branch master");
        try (GitRepository repo = GitRepository.open(s.home())) {
            assertThat(repo.currentBranch()).contains("master");
            assertThat(repo.head().id()).isEqualTo(s.baseline().id());
            assertThat(repo.branches()).doesNotContain("main");
        }
    }
}
