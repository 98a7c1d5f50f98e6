package dev.rollback.validation.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.Rollback;
import dev.rollback.events.Scope;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunHistoryTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheEnvironmentsOwnRunFolders() {
        ProjectFixture p = ProjectFixture.create(tmp);
        Rollback.in(p.environment()).config().set("GOOD", "1").execute();
        Rollback.in(p.environment()).config().set("GOOD", "2").execute();

        RunHistory h = RunHistory.of(p.environment());

        assertThat(h.runs()).hasSize(2).allMatch(r -> r.scope() == Scope.CONFIG && r.succeeded());
        ExpectedDuration e = h.expected(Scope.CONFIG);
        assertThat(e.basis()).isEqualTo(ExpectedDuration.Basis.HISTORY);
        assertThat(e.runs()).isEqualTo(2);
        assertThat(e.duration()).isLessThan(Scope.CONFIG.runbookEstimate());
        assertThat(h.expected(Scope.SERVICE).basis()).isEqualTo(ExpectedDuration.Basis.RUNBOOK);
    }

    @Test
    void theMedianOfSuccessfulRunsOnly() {
        RunHistory h = new RunHistory(List.of(
                new PastRun(Scope.PHASE, Duration.ofSeconds(60), true),
                new PastRun(Scope.PHASE, Duration.ofSeconds(120), true),
                new PastRun(Scope.PHASE, Duration.ofSeconds(1), false)));

        assertThat(h.expected(Scope.PHASE).duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(RunHistory.none().expected(Scope.PHASE))
                .isEqualTo(new ExpectedDuration(Duration.ofMinutes(15), ExpectedDuration.Basis.RUNBOOK, 0));
    }

    @Test
    void theScopeIsReadFromTheTitlesCorePlansGive() {
        assertThat(RunHistory.scopeOf("full rollback to 9bef892 from backup 20251114_085000"))
                .contains(Scope.FULL);
        assertThat(RunHistory.scopeOf("rollback of phase-2 (backup scripts and monitoring)"))
                .contains(Scope.PHASE);
        assertThat(RunHistory.scopeOf("service rollback of mysql")).contains(Scope.SERVICE);
        assertThat(RunHistory.scopeOf("configuration rollback")).contains(Scope.CONFIG);
        assertThat(RunHistory.scopeOf("undo of run 20251114_085001-1a2b (service rollback of mysql)"))
                .isEmpty();
    }
}
