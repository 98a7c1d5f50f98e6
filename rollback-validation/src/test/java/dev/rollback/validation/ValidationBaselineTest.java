package dev.rollback.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.baseline.BaselineContributor;
import dev.rollback.validation.baseline.Baselines;
import dev.rollback.validation.check.Check;
import dev.rollback.validation.check.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which baseline a validation compares with: given, else the environment's, else the compared set's. */
class ValidationBaselineTest {
    static final Baseline IN_SET = new Baseline(
            Instant.parse("2026-12-01T08:00:00Z"), "", "main", List.of("postgres"), List.of(), Map.of(), Map.of(), -1);
    static final Baseline RECORDED = IN_SET.withTestCount(370);

    @TempDir
    Path tmp;

    Environment env;
    BackupSet set;

    @BeforeEach
    void aSetCarryingABaselineThenNoFile() throws Exception {
        env = ProjectFixture.create(tmp).environment();
        Baselines.write(env, IN_SET);
        set = Backups.in(env)
                .withoutVolumes()
                .withContributors(List.of(new BaselineContributor()))
                .create();
        Files.delete(Baselines.file(env));
    }

    /** The baseline the checks were given, seen by a check of the test's own (git.branch needs no engine). */
    Optional<Baseline> seen(Validation v) {
        AtomicReference<Optional<Baseline>> seen = new AtomicReference<>();
        v.against(set)
                .only(List.of("git.branch"))
                .adding(Check.of("test.baseline", "test", "sees the baseline", ctx -> {
                    seen.set(ctx.baseline());
                    return Verdict.pass("", "");
                }))
                .run();
        return seen.get();
    }

    @Test
    void withoutARecordedBaselineTheComparedSetsIsUsed() {
        assertThat(seen(Validation.of(env))).contains(IN_SET);
    }

    @Test
    void theEnvironmentsRecordedBaselineComesFirst() {
        Baselines.write(env, RECORDED);

        assertThat(seen(Validation.of(env))).contains(RECORDED);
    }

    @Test
    void aGivenBaselineComesFirst() {
        assertThat(seen(Validation.of(env).withBaseline(RECORDED))).contains(RECORDED);
    }
}
