package dev.rollback.validation.advisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.RollbackConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseFilesTest {
    @Test
    void changedFilesAreMatchedAgainstTheRunbooksPhases() {
        assertThat(PhaseFiles.match(
                        RollbackConfig.ofDefaults().phases(),
                        List.of(
                                "configs/prometheus/prometheus.yml",
                                "scripts/backup-all.sh",
                                "configs/mysql/performance/my.cnf",
                                "README.md")))
                .containsOnlyKeys("phase-1", "phase-2")
                .containsEntry("phase-1", List.of("configs/mysql/performance/my.cnf"))
                .containsEntry("phase-2", List.of("configs/prometheus/prometheus.yml", "scripts/backup-all.sh"));
    }

    @Test
    void directoriesGlobsAndDoubleStars() {
        assertThat(PhaseFiles.matches("docs/", "docs/a/b.md")).isTrue();
        assertThat(PhaseFiles.matches("docs/", "docs")).isFalse();
        assertThat(PhaseFiles.matches("docs", "docs")).isTrue();
        assertThat(PhaseFiles.matches("configs/*/scripts/", "configs/mysql/scripts/init.sh"))
                .isTrue();
        assertThat(PhaseFiles.matches("configs/*/scripts/", "configs/mysql/x/scripts/init.sh"))
                .isFalse();
        assertThat(PhaseFiles.matches("configs/**/init.sh", "configs/mysql/x/init.sh"))
                .isTrue();
        assertThat(PhaseFiles.matches("scripts/backup-*.sh", "scripts/restore-all.sh"))
                .isFalse();
        assertThat(PhaseFiles.matches("./tests/", "tests/unit/a_test.py")).isTrue();
        assertThat(PhaseFiles.matches("docsx/", "docs/a.md")).isFalse();
    }
}
