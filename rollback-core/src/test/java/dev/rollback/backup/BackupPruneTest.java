package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.errors.UsageException;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupPruneTest {
    static final Instant DAY0 = Instant.parse("2025-11-01T08:00:00Z");

    @TempDir
    Path tmp;

    Environment env;
    List<BackupSet> sets = new ArrayList<>();

    @BeforeEach
    void fourSetsOneADay() {
        env = ProjectFixture.create(tmp).environment();
        for (int day = 0; day < 4; day++) {
            sets.add(Backups.in(env).withClock(at(day)).create());
        }
    }

    private static Clock at(int day) {
        return Clock.fixed(DAY0.plus(Duration.ofDays(day)), ZoneOffset.UTC);
    }

    @Test
    void pruneKeepsTheNewestAndTheNewestVerifiedSet() {
        BackupSet old = sets.get(1);
        old.record(old.verify(VerifyLevel.CHECKSUMS, VerifyOptions.defaults()), DAY0);

        List<String> gone = Backups.in(env).withClock(at(30)).prune(1, 7);

        assertThat(gone)
                .containsExactly(
                        sets.get(0).manifest().id(), sets.get(2).manifest().id());
        assertThat(Backups.in(env).list())
                .extracting(b -> b.manifest().id())
                .containsExactly(sets.get(3).manifest().id(), old.manifest().id());
    }

    @Test
    void aFailedVerificationDoesNotProtectASet() throws Exception {
        BackupSet old = sets.get(1);
        Files.writeString(old.dir().resolve("env.zst"), "corrupt");
        old.record(old.verify(VerifyLevel.CHECKSUMS, VerifyOptions.defaults()), DAY0);

        List<String> gone = Backups.in(env).withClock(at(30)).pruneCandidates(1, 0).stream()
                .map(b -> b.manifest().id())
                .toList();

        assertThat(old.lastVerification())
                .hasValueSatisfying(v -> assertThat(v.passed()).isFalse());
        assertThat(gone).hasSize(3).contains(old.manifest().id());
    }

    @Test
    void setsYoungerThanKeepDaysStay() {
        List<BackupSet> candidates =
                Backups.in(env).withClock(at(4).withZone(ZoneOffset.UTC)).pruneCandidates(0, 2);

        assertThat(candidates)
                .extracting(b -> b.manifest().id())
                .containsExactly(
                        sets.get(0).manifest().id(),
                        sets.get(1).manifest().id(),
                        sets.get(2).manifest().id());
        assertThat(Backups.in(env).list()).hasSize(4);
    }

    @Test
    void negativeLimitsAreAUsageError() {
        assertThatThrownBy(() -> Backups.in(env).pruneCandidates(-1, 0)).isInstanceOf(UsageException.class);
    }
}
