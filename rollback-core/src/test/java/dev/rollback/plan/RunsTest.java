package dev.rollback.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.Rollback;
import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.Scope;
import dev.rollback.events.StepResult;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs of an environment as history shows them: succeeded, failed, refused, interrupted; and their retention. */
class RunsTest {
    @TempDir
    Path tmp;

    ProjectFixture p;
    Environment env;

    @BeforeEach
    void project() {
        p = ProjectFixture.create(tmp);
        env = p.environment();
    }

    private void failingRun() {
        Step fails = new Step() {
            public String name() {
                return "boom";
            }

            public String describe() {
                return "fails";
            }

            public void execute(StepContext ctx) {
                ctx.note("half done");
                throw new RollbackException("boom: the disk is full");
            }
        };
        try {
            new RollbackPlan(env, Scope.CONFIG, "a failing plan", List.of(fails), RunSettings.ofDefaults()).execute();
        } catch (RollbackException expected) {
            // recorded
        }
    }

    @Test
    void eachRunIsListedNewestFirstWithHowItEndedAndItsSteps() throws Exception {
        Rollback.in(env).config().set("MYSQL_ENABLE_TLS", "false").execute();
        Thread.sleep(1100); // run ids are by the second
        failingRun();
        Thread.sleep(1100);
        Path interrupted = env.stateDir().resolve("runs/20991231_235959-dead");
        Files.createDirectories(interrupted);
        Files.writeString(interrupted.resolve(Journal.FILE), """
                {"at":"2099-12-31T23:59:59Z","type":"RUN_STARTED","run":"x","message":"full rollback to abc","elapsedMs":0}
                {"at":"2099-12-31T23:59:59.100Z","type":"STEP_STARTED","run":"x","step":0,"name":"stop","message":"stop all","elapsedMs":0}
                {"at":"2099-12-31T23:59:59.900Z","type":"STEP_FINISHED","run":"x","step":0,"name":"stop","message":"stop all","elapsedMs":800}
                {"at":"2099-12-31T23:59:59.950Z","type":"STEP_STARTED","run":"x","step":1,"name":"volume-restore","message":"replace","elapsedMs":0}
                {"at":"2099-12-31T23:59:59.990Z","type":"STEP_NOTE","run":"x","st
                """);

        List<RunRecord> runs = Runs.in(env).list();

        assertThat(runs).extracting(RunRecord::outcome).containsExactly("interrupted", "failed", "succeeded");
        RunRecord cut = runs.get(0);
        assertThat(cut.title()).isEqualTo("full rollback to abc");
        assertThat(cut.steps())
                .extracting(StepResult::status)
                .containsExactly(StepResult.Status.SUCCEEDED, StepResult.Status.NOT_RUN);
        RunRecord failed = runs.get(1);
        assertThat(failed.title()).isEqualTo("a failing plan");
        assertThat(failed.steps()).singleElement().satisfies(s -> {
            assertThat(s.status()).isEqualTo(StepResult.Status.FAILED);
            assertThat(s.details()).containsExactly("half done", "error: boom: the disk is full");
        });
        assertThat(runs.get(2).steps()).allMatch(s -> s.status() == StepResult.Status.SUCCEEDED);
        assertThat(Runs.in(env).find("last").id()).isEqualTo(cut.id());
        assertThat(Runs.in(env).find(runs.get(2).id().substring(0, 17)).id())
                .isEqualTo(runs.get(2).id());
    }

    @Test
    void pruneKeepsTheNewestAndTheNewestSuccessfulRunWhateverTheCount() throws Exception {
        Rollback.in(env).config().set("MYSQL_ENABLE_TLS", "false").execute();
        Thread.sleep(1100);
        failingRun();
        Thread.sleep(1100);
        failingRun();
        List<RunRecord> before = Runs.in(env).list();

        List<String> gone = Runs.in(env).prune(1);

        assertThat(gone).containsExactly(before.get(1).id());
        assertThat(Runs.in(env).list())
                .extracting(RunRecord::id)
                .containsExactly(before.get(0).id(), before.get(2).id());
        assertThat(before.get(1).dir()).doesNotExist();
    }

    @Test
    void pruneKeepsTheRunsTheNewestSuccessfulRunResumedItsUndoNeedsThem() throws Exception {
        failingRun();
        Thread.sleep(1100);
        failingRun();
        Thread.sleep(1100);
        Rollback.in(env).config().set("MYSQL_ENABLE_TLS", "false").execute();
        List<RunRecord> before = Runs.in(env).list(); // the success, the failure it resumed, an older failure
        Files.writeString(
                before.get(0).dir().resolve(RunRecord.RESUMES), before.get(1).id() + "\n");
        Files.writeString(
                before.get(1).dir().resolve(RunRecord.RESUMED_BY), before.get(0).id() + "\n");

        List<String> gone = Runs.in(env).prune(0);

        assertThat(gone).containsExactly(before.get(2).id());
        assertThat(Runs.in(env).list())
                .extracting(RunRecord::id)
                .containsExactly(before.get(0).id(), before.get(1).id());
    }

    @Test
    void anUnknownRunIsAUsageErrorNamingTheKnownOnes() {
        Rollback.in(env).config().set("MYSQL_ENABLE_TLS", "false").execute();

        assertThatThrownBy(() -> Runs.in(env).find("1999"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no run '1999'")
                .hasMessageContaining("rollback history");
    }
}
