package dev.rollback.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.env.Environment;
import dev.rollback.errors.PreflightException;
import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackResult;
import dev.rollback.events.Scope;
import dev.rollback.events.StepResult;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackPlanTest {
    @TempDir
    Path tmp;

    Environment env;
    List<String> done = new ArrayList<>();

    @BeforeEach
    void project() {
        env = ProjectFixture.create(tmp).environment();
    }

    private Step step(String name, Problem problem, RuntimeException failure) {
        return new Step() {
            public String name() {
                return name;
            }

            public String describe() {
                return "does " + name;
            }

            public List<Problem> preflight(StepContext ctx) {
                return problem == null ? List.of() : List.of(problem);
            }

            public void execute(StepContext ctx) {
                if (failure != null) {
                    throw failure;
                }
                ctx.note(name + " noted");
                done.add(name);
            }
        };
    }

    private RollbackPlan plan(List<RollbackEvent> events, Step... steps) {
        return new RollbackPlan(
                env,
                Scope.CONFIG,
                "test plan",
                List.of(steps),
                RunSettings.ofDefaults().withListener(events::add));
    }

    @Test
    void blockingProblemInALaterStepStopsBeforeTheFirstStepRuns() {
        List<RollbackEvent> events = new ArrayList<>();

        assertThatThrownBy(() -> plan(
                                events,
                                step("a", null, null),
                                step("b", Problem.blocking("b", "broken", "fix it"), null))
                        .execute())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("b: broken (fix it)");

        assertThat(done).isEmpty();
        assertThat(events)
                .extracting(RollbackEvent::type)
                .contains(RollbackEvent.Type.RUN_FAILED)
                .doesNotContain(RollbackEvent.Type.STEP_STARTED);
    }

    @Test
    void warningsDoNotBlock() {
        RollbackResult r = plan(new ArrayList<>(), step("a", Problem.warning("a", "odd", ""), null))
                .execute();

        assertThat(r.succeeded()).isTrue();
        assertThat(done).containsExactly("a");
    }

    @Test
    void stepsRunInOrderWithEventsJournalAndResultFile() throws Exception {
        List<RollbackEvent> events = new ArrayList<>();

        RollbackResult r =
                plan(events, step("a", null, null), step("b", null, null)).execute();

        assertThat(done).containsExactly("a", "b");
        assertThat(r.steps()).extracting(s -> s.details().get(0)).containsExactly("a noted", "b noted");
        assertThat(events)
                .extracting(RollbackEvent::type)
                .containsSubsequence(
                        RollbackEvent.Type.RUN_STARTED,
                        RollbackEvent.Type.STEP_STARTED,
                        RollbackEvent.Type.STEP_FINISHED,
                        RollbackEvent.Type.STEP_STARTED,
                        RollbackEvent.Type.STEP_FINISHED,
                        RollbackEvent.Type.RUN_FINISHED);
        List<String> lines = Files.readAllLines(r.journal());
        assertThat(lines).hasSize(events.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("type").asText()).isEqualTo("RUN_STARTED");
        assertThat(r.journal().getParent().resolve("result.json")).exists();
        assertThat(env.stateDir().resolve(EnvironmentLock.FILE)).doesNotExist();
    }

    @Test
    void failingStepStopsTheRunNamesTheStepAndReleasesTheLock() {
        List<RollbackEvent> events = new ArrayList<>();

        assertThatThrownBy(() -> plan(
                                events,
                                step("a", null, null),
                                step("b", null, new IllegalStateException("x")),
                                step("c", null, null))
                        .execute())
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("step 2 (b) failed");

        assertThat(done).containsExactly("a");
        assertThat(events)
                .anyMatch(e -> e.type() == RollbackEvent.Type.STEP_FAILED
                        && e.stepName().equals("b"));
        assertThat(env.stateDir().resolve(EnvironmentLock.FILE)).doesNotExist();
    }

    @Test
    void aRunIsRefusedWhileAnotherHoldsTheLock() {
        try (EnvironmentLock held = EnvironmentLock.acquire(env.stateDir(), "other run")) {
            assertThatThrownBy(
                            () -> plan(new ArrayList<>(), step("a", null, null)).execute())
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining("another rollback is running");
        }
        assertThat(done).isEmpty();
    }

    @Test
    void renderListsStepsAndPreflightWithoutRunningThem() {
        String text = plan(
                        new ArrayList<>(), step("a", null, null), step("b", Problem.warning("b", "odd", "look"), null))
                .render();

        assertThat(text).contains("1. a", "does a", "2. b", "warns  b: odd (look)");
        assertThat(done).isEmpty();
    }

    @Test
    void aFailedRunSaysHonestlyWhatWasDoneWhatFailedAndWhatDidNotRunAndKeepsItsResult() throws Exception {
        RollbackException thrown = null;
        try {
            plan(
                            new ArrayList<>(),
                            step("a", null, null),
                            step("b", null, new RollbackException("b: disk full")),
                            step("c", null, null))
                    .execute();
        } catch (RollbackException e) {
            thrown = e;
        }

        assertThat(thrown).isNotNull().hasMessage("b: disk full");
        RollbackResult r = thrown.result().orElseThrow();
        assertThat(r.succeeded()).isFalse();
        assertThat(r.outcome()).isEqualTo("failed");
        assertThat(r.steps())
                .extracting(StepResult::status)
                .containsExactly(StepResult.Status.SUCCEEDED, StepResult.Status.FAILED, StepResult.Status.NOT_RUN);
        assertThat(r.steps().get(1).details()).last().isEqualTo("error: b: disk full");
        assertThat(done).containsExactly("a");
        JsonNode kept = new ObjectMapper()
                .readTree(r.journal().resolveSibling("result.json").toFile());
        assertThat(kept.path("steps").get(1).path("status").asText()).isEqualTo("FAILED");
        assertThat(kept.path("steps").get(2).path("status").asText()).isEqualTo("NOT_RUN");
    }

    @Test
    void aRefusedRunKeepsAResultWhereNoStepRan() {
        PreflightException refused = null;
        try {
            plan(new ArrayList<>(), step("a", Problem.blocking("a", "broken", "fix it"), null))
                    .execute();
        } catch (PreflightException e) {
            refused = e;
        }

        assertThat(refused).isNotNull();
        assertThat(refused.result().orElseThrow().outcome()).isEqualTo("refused");
        assertThat(refused.result().orElseThrow().steps())
                .extracting(StepResult::status)
                .containsExactly(StepResult.Status.NOT_RUN);
    }
}
