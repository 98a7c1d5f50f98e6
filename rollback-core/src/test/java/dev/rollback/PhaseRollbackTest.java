package dev.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.PreflightException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackResult;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhaseRollbackTest {
    @TempDir
    Path tmp;

    ProjectFixture p;

    @BeforeEach
    void project() {
        p = ProjectFixture.create(tmp);
    }

    @Test
    void phaseZeroRestoresDocsFromTheCommitAndKeepsTheReplacedFiles() {
        RollbackResult r = Rollback.in(p.environment())
                .phase("phase-0")
                .fromCommit(p.baseline().shortId())
                .execute();

        assertThat(p.read("docs/README.md")).isEqualTo("docs v1\n");
        assertThat(p.read("configs/mysql/scripts/init.sh")).contains("approle");
        assertThat(p.home().resolve(".rollback/runs/" + r.runId() + "/safety/phase-files/docs/README.md"))
                .hasContent("docs v2");
    }

    @Test
    void phaseWhosePatternMatchesNothingInTheCommitIsRefused() {
        assertThatThrownBy(() -> Rollback.in(p.environment())
                        .phase("phase-1")
                        .fromCommit(p.baseline().shortId())
                        .execute())
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("'tests/' matches no file");

        assertThat(p.read("docs/README.md")).isEqualTo("docs v2\n");
    }

    @Test
    void unknownPhaseListsTheKnownOnes() {
        assertThatThrownBy(() -> Rollback.in(p.environment()).phase("phase-9"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("phase-0")
                .hasMessageContaining("phase-3");
    }
}
