package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.errors.ExitCode;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.io.FileTrees;
import dev.rollback.plan.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault matrix of a complete rollback on the files tier (git, the key directory, {@code .env}; real git
 * repositories and files): the rollback's process is killed with SIGKILL before each of its steps and inside the
 * key directory's replacement (its undo recorded but not yet moved aside; moved aside, not yet copied back), then {@code rollback undo} from a new process must
 * give back the pre-run state byte for byte: HEAD, branch, work tree with the uncommitted and untracked work, the key
 * directory and {@code .env}.
 */
class KilledRunUndoTest {
    @TempDir
    Path tmp;

    ProjectFixture p;
    WorkOnABranch work;

    @BeforeEach
    void workInProgressOnABranch() throws Exception {
        work = WorkOnABranch.create(tmp);
        p = work.p();
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(
            strings = {
                "git-checkout",
                "git-reset",
                "vault-keys",
                "vault-keys:recorded",
                "vault-keys:moved-aside",
                "env-restore"
            })
    void undoOfARunKilledThereGivesBackThePreRunState(String point) throws Exception {
        Map<String, String> before = p.state();

        KilledRun run = KilledRun.at(p.home(), point, Map.of(), Duration.ofSeconds(60), work.fullArgs());
        String printed = run.kill();
        CliRun history = CliRun.of("-C", p.home().toString(), "history");
        CliRun undo = CliRun.of("-C", p.home().toString(), "undo");

        assertThat(history.out().lines().findFirst().orElse("")).as(printed).contains("interrupted");
        assertThat(undo.code()).as(printed + undo.out() + undo.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(p.state()).isEqualTo(before);
        assertThat(p.read("notes.txt")).isEqualTo("untracked work\n");
    }

    @Test
    void aRunKilledBeforeItsFirstChangeHasNothingToUndoAndChangedNothing() throws Exception {
        Map<String, String> before = p.state();

        String printed = KilledRun.at(
                        p.home(),
                        "git-stash",
                        Map.of(),
                        Duration.ofSeconds(60),
                        "full",
                        "--to",
                        p.baseline().shortId(),
                        "--env-from",
                        work.envBackup().toString())
                .kill();
        CliRun undo = CliRun.of("-C", p.home().toString(), "undo");

        assertThat(undo.code()).as(printed + undo.out() + undo.err()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(undo.err()).contains("recorded nothing to undo");
        assertThat(p.state()).isEqualTo(before);
    }

    @Test
    void aSecondRunWhileOneIsHeldIsRefusedWithExit5NamingIt() throws Exception {
        KilledRun held = KilledRun.at(
                p.home(),
                "git-reset",
                Map.of(),
                Duration.ofSeconds(60),
                "full",
                "--to",
                p.baseline().shortId());
        try {
            CliRun second = CliRun.of("-C", p.home().toString(), "config", "--set", "MYSQL_ENABLE_TLS=false");
            CliRun history = CliRun.of("-C", p.home().toString(), "history");

            assertThat(second.code()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
            assertThat(second.err())
                    .contains(
                            "another rollback is running",
                            "full rollback to " + p.baseline().shortId());
            assertThat(history.out().lines().findFirst().orElse("")).contains("running");
        } finally {
            held.kill();
        }
        assertThat(CliRun.of("-C", p.home().toString(), "undo").code()).isEqualTo(ExitCode.SUCCESS);
    }

    /**
     * An undo that fails half way (git's index locked under it, after it had put the key directory and .env back)
     * exits 1 saying where what it replaced is kept; every safety copy of the run is still there, the run is not
     * marked undone, and once the cause is gone the undo run again gives back the pre-run state.
     */
    @Test
    void aFailedUndoKeepsEverySafetyCopyAndCanBeRunAgain() throws Exception {
        Map<String, String> before = p.state();
        CliRun full = CliRun.of(work.cli(work.fullArgs()));
        assertThat(full.code()).as(full.out() + full.err()).isEqualTo(ExitCode.SUCCESS);
        Path run;
        try (var dirs = Files.list(p.home().resolve(".rollback/runs"))) {
            run = dirs.findFirst().orElseThrow();
        }
        Map<String, String> safety = FileTrees.checksums(run.resolve("safety"));
        assertThat(safety).isNotEmpty();

        KilledRun undo = KilledRun.at(p.home(), "git-reset", Map.of(), Duration.ofSeconds(60), "undo");
        Path lock = p.home().resolve(".git/index.lock");
        Files.writeString(lock, "");
        int code = undo.release();

        assertThat(code).as(undo.printed()).isEqualTo(ExitCode.FAILURE);
        assertThat(undo.printed()).contains("git-reset", "what it replaced is kept in");
        assertThat(FileTrees.checksums(run.resolve("safety"))).isEqualTo(safety);
        assertThat(run.resolve(RunRecord.UNDONE_BY)).doesNotExist();

        Files.delete(lock);
        CliRun again =
                CliRun.of("-C", p.home().toString(), "undo", run.getFileName().toString());

        assertThat(again.code()).as(again.out() + again.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(p.state()).isEqualTo(before);
        assertThat(p.read("notes.txt")).isEqualTo("untracked work\n");
    }
}
