package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.errors.ExitCode;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.git.GitRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rollback resume} on the files tier (real git repositories and files): a complete rollback killed with
 * SIGKILL before each of its steps and inside the key directory's replacement, then resumed from a new process,
 * must reach the state an uninterrupted run reaches (HEAD, branch, work tree, key directory, {@code .env}, byte for
 * byte); undoing the resumption must then give back the state before the interrupted run. A resumption refuses, before
 * anything changes, when something changed underneath or there is nothing to resume.
 */
class KilledRunResumeTest {
    @TempDir
    Path tmp;

    ProjectFixture p;
    WorkOnABranch work;
    Map<String, String> before;
    Map<String, String> uninterrupted;

    @BeforeEach
    void workInProgressOnABranchAndTheStateAnUninterruptedRunReaches() throws Exception {
        WorkOnABranch w = WorkOnABranch.create(tmp);
        p = w.p();
        work = w;
        before = p.state();
        assertThat(CliRun.of(w.cli(w.fullArgs())).code()).isEqualTo(ExitCode.SUCCESS);
        uninterrupted = p.state();
        assertThat(CliRun.of("-C", p.home().toString(), "undo").code()).isEqualTo(ExitCode.SUCCESS);
        assertThat(p.state()).as("back to the start before each case").isEqualTo(before);
        assertThat(uninterrupted).isNotEqualTo(before);
    }

    private String[] fullArgs() {
        return work.fullArgs();
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(
            strings = {
                "git-stash",
                "git-checkout",
                "git-reset",
                "vault-keys",
                "vault-keys:recorded",
                "vault-keys:moved-aside",
                "env-restore"
            })
    void resumingARunKilledThereReachesTheUninterruptedStateAndItsUndoTheStart(String point) throws Exception {
        String printed = KilledRun.at(p.home(), point, Map.of(), Duration.ofSeconds(60), fullArgs())
                .kill();

        CliRun resume = CliRun.of("-C", p.home().toString(), "resume");

        assertThat(resume.code()).as(printed + resume.out() + resume.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(p.state()).isEqualTo(uninterrupted);
        if (!point.equals("git-stash")) { // killed before its first step, the run finished none
            assertThat(resume.out()).contains("skipped: ", "done before, skipped");
        }
        CliRun history = CliRun.of("-C", p.home().toString(), "history");
        assertThat(history.out().lines().findFirst().orElse("")).contains("succeeded", "resume of run");

        CliRun undo = CliRun.of("-C", p.home().toString(), "undo");

        assertThat(undo.code()).as(undo.out() + undo.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(p.state()).isEqualTo(before);
        assertThat(p.read("notes.txt")).isEqualTo("untracked work\n");
    }

    @Test
    void aRunResumedOnceIsNotResumedOrUndoneOnItsOwnAgain() throws Exception {
        Set<String> earlier = runIds();
        KilledRun.at(p.home(), "env-restore", Map.of(), Duration.ofSeconds(60), fullArgs())
                .kill();
        Set<String> now = runIds();
        now.removeAll(earlier);
        String interrupted = now.iterator().next();
        assertThat(CliRun.of("-C", p.home().toString(), "resume", interrupted).code())
                .isEqualTo(ExitCode.SUCCESS);

        CliRun finished = CliRun.of("-C", p.home().toString(), "resume", "last"); // the resumption, which ended
        CliRun again = CliRun.of("-C", p.home().toString(), "resume", interrupted);
        CliRun undoOld = CliRun.of("-C", p.home().toString(), "undo", interrupted);

        assertThat(again.code()).as(again.err()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(again.err()).contains("it was resumed already, by run");
        assertThat(undoOld.code()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(undoOld.err()).contains("undo that run, which undoes both");
        assertThat(CliRun.of("-C", p.home().toString(), "history").out())
                .contains(interrupted)
                .contains("(resumed by ");
        assertThat(CliRun.of("-C", p.home().toString(), "show", interrupted).out())
                .contains(", resumed by run ");
        assertThat(finished.code()).as(finished.err()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(finished.err()).contains("nothing to resume");
        assertThat(p.state()).isEqualTo(uninterrupted);
    }

    @Test
    void aChangeUnderneathIsRefusedBeforeAnythingChanges() throws Exception {
        KilledRun.at(p.home(), "vault-keys", Map.of(), Duration.ofSeconds(60), fullArgs())
                .kill();
        p.write(".env", p.read(".env") + "EDITED_AFTER_THE_KILL=1\n");
        try (GitRepository repo = GitRepository.open(p.home())) {
            repo.checkoutBranch("feature/tls");
        }
        Map<String, String> stopped = p.state();

        CliRun resume = CliRun.of("-C", p.home().toString(), "resume");

        assertThat(resume.code()).as(resume.out() + resume.err()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(resume.err()).contains("HEAD is at", "something changed underneath", ".env", "it changed since run");
        assertThat(p.state()).isEqualTo(stopped);
    }

    @Test
    void aScopeThatKeepsNoRequestIsNotResumableAndSaysWhatToDo() throws Exception {
        assertThat(CliRun.of("-C", p.home().toString(), "config", "--set", "MYSQL_ENABLE_TLS=false")
                        .code())
                .isEqualTo(ExitCode.SUCCESS);

        CliRun resume = CliRun.of("-C", p.home().toString(), "resume");

        assertThat(resume.code()).isEqualTo(ExitCode.USAGE);
        assertThat(resume.err()).contains("cannot be resumed", "rollback undo");
    }

    private Set<String> runIds() throws Exception {
        try (var dirs = Files.list(p.home().resolve(".rollback/runs"))) {
            return dirs.map(d -> d.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
