package dev.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.PreflightException;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackResult;
import dev.rollback.events.Scope;
import dev.rollback.events.StepResult;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.git.GitRepository;
import dev.rollback.plan.RollbackPlan;
import dev.rollback.plan.RunSettings;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoLog;
import dev.rollback.steps.EnvEditStep;
import dev.rollback.steps.ResetStep;
import dev.rollback.steps.StashStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback undo} on real git repositories and files: a run is undone from its folder alone (a new plan reads
 * its undo log and safety copies), the pre-run state comes back byte for byte, an undone run is not undone twice,
 * and the undo can itself be undone.
 */
class UndoRollbackTest {
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
        try (GitRepository repo = GitRepository.open(p.home())) {
            repo.createBranch("feature/tls", "HEAD");
            repo.checkoutBranch("feature/tls");
        }
    }

    private Map<String, String> state() {
        return p.state();
    }

    private RollbackResult full() {
        return Rollback.in(p.environment())
                .full()
                .onBranch("main")
                .toCommit(p.baseline().shortId())
                .restoringVaultKeysFrom(keyBackup)
                .restoringEnvFrom(envBackup)
                .execute();
    }

    @Test
    void aFullRollbackIsUndoneFromItsFolderAndTheUndoCanBeUndone() throws Exception {
        Map<String, String> before = state();
        RollbackResult run = full();
        Map<String, String> after = state();
        assertThat(after.get("HEAD")).isEqualTo(p.baseline().id());
        assertThat(after.get("branch")).isEqualTo("main");

        RollbackResult undo = Rollback.in(p.environment()).undo("last").execute();

        assertThat(undo.succeeded()).isTrue();
        assertThat(undo.steps())
                .extracting(StepResult::name)
                .containsExactly(
                        "undo-check",
                        "git-stash",
                        "files-restore",
                        "vault-keys",
                        "git-reset",
                        "git-checkout",
                        "git-stash-apply",
                        "undo-mark");
        assertThat(state()).isEqualTo(before);
        assertThat(p.read("notes.txt")).isEqualTo("untracked work\n");
        assertThat(p.home().resolve(".rollback/runs/" + run.runId() + "/undone-by"))
                .hasContent(undo.runId() + "\n");
        assertThat(Files.readString(p.home().resolve(".rollback/runs/" + run.runId() + "/" + UndoLog.FILE)))
                .doesNotContain("hvs.");

        assertThatThrownBy(() -> Rollback.in(p.environment()).undo(run.runId()).execute())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("undone already, by run " + undo.runId());
        assertThat(state()).isEqualTo(before);

        RollbackResult redo = Rollback.in(p.environment()).undo(undo.runId()).execute();

        assertThat(redo.succeeded()).isTrue();
        Map<String, String> again = state();
        again.remove("notes.txt"); // the undo of the undo stashes the work tree the undo brought back, as the run did
        after.remove("notes.txt");
        assertThat(again).isEqualTo(after);
        assertThat(p.home().resolve(".rollback/runs/" + run.runId() + "/undone-by"))
                .doesNotExist();
    }

    @Test
    void aRunThatFailedHalfWayIsUndoneToThePreRunState() throws Exception {
        Map<String, String> before = state();
        Step fails = new Step() {
            @Override
            public String name() {
                return "breaks";
            }

            @Override
            public String describe() {
                return "fails after the reset and the .env edit";
            }

            @Override
            public void execute(StepContext ctx) {
                throw new RollbackException("the engine went away");
            }
        };
        RollbackPlan plan = new RollbackPlan(
                p.environment(),
                Scope.FULL,
                "a run that fails",
                List.of(
                        new StashStep(),
                        new ResetStep(p.baseline().id()),
                        new EnvEditStep(Map.of("NEW_KEY", "1"), List.of("MYSQL_ENABLE_TLS")),
                        fails),
                RunSettings.ofDefaults());
        assertThatThrownBy(plan::execute).isInstanceOf(RollbackException.class).hasMessageContaining("went away");
        assertThat(p.read(".env")).contains("NEW_KEY=1");

        RollbackResult undo = Rollback.in(p.environment()).undo("last").execute();

        assertThat(undo.steps())
                .extracting(StepResult::name)
                .containsExactly(
                        "undo-check", "git-stash", "files-restore", "git-reset", "git-stash-apply", "undo-mark");
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aFileTheRunCreatedIsRemovedByTheUndo() throws Exception {
        Files.delete(p.home().resolve(".env"));
        Map<String, String> before = state();
        Rollback.in(p.environment()).config().set("MYSQL_ENABLE_TLS", "false").execute();
        assertThat(p.home().resolve(".env")).exists();

        Rollback.in(p.environment()).undo("last").execute();

        assertThat(p.home().resolve(".env")).doesNotExist();
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aRunThatChangedNothingHasNothingToUndoAndAStepThatCannotBeUndoneIsNamedFirst() throws Exception {
        Rollback.in(p.environment())
                .config()
                .set("POSTGRES_ENABLE_TLS", "maybe")
                .execute(); // already so

        assertThatThrownBy(() -> Rollback.in(p.environment()).undo("last").execute())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("recorded nothing to undo");
        assertThatThrownBy(() -> Rollback.in(p.environment()).undo("nosuchrun").execute())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no run 'nosuchrun'");
    }
}
