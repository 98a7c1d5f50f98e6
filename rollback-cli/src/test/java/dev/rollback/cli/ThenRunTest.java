package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.plan.RunRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThenRunTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static RunRecord run(String title, Instant started) {
        return new RunRecord("r1", title, started, Duration.ofSeconds(20), "succeeded", List.of(), Path.of("r1"), 0);
    }

    @Test
    void theAdvisorsCommandLineSplitsIntoRollbackCalls() {
        assertThat(ThenRun.commands("rollback service mysql --revert-init --disable-tls"))
                .containsExactly(List.of("service", "mysql", "--revert-init", "--disable-tls"));
        assertThat(ThenRun.commands("rollback phase phase-1 && rollback phase phase-2"))
                .containsExactly(List.of("phase", "phase-1"), List.of("phase", "phase-2"));
    }

    @Test
    void eachCallNamesTheRunItStartsAsTheJournalTitlesIt() {
        assertThat(ThenRun.titleOf(List.of("service", "redis-1"))).isEqualTo("service rollback of redis-1");
        assertThat(ThenRun.titleOf(List.of("phase", "phase-2"))).isEqualTo("rollback of phase-2");
        assertThat(ThenRun.titleOf(List.of("full", "--from-backup", "latest"))).isEqualTo("full rollback");
        assertThat(ThenRun.titleOf(List.of("config", "--env-from", "x"))).isEqualTo("configuration rollback");
    }

    @Test
    void theSameRollbackWithinTheHourIsHeldAnOlderOneOrAnotherServiceIsNot() {
        List<List<String>> mysql = ThenRun.commands("rollback service mysql");

        assertThat(ThenRun.heldBy(List.of(run("service rollback of mysql", NOW.minusSeconds(3599))), mysql, HOUR, NOW))
                .hasValueSatisfying(why -> assertThat(why).startsWith("service rollback of mysql already ran at"));
        assertThat(ThenRun.heldBy(List.of(run("service rollback of mysql", NOW.minusSeconds(3601))), mysql, HOUR, NOW))
                .isEmpty();
        assertThat(ThenRun.heldBy(List.of(run("service rollback of mysql-2", NOW)), mysql, HOUR, NOW))
                .isEmpty();
        assertThat(ThenRun.heldBy(
                        List.of(run("service rollback of redis-1 (with redis-2, redis-3)", NOW)),
                        ThenRun.commands("rollback service redis-1"),
                        HOUR,
                        NOW))
                .isPresent();
    }
}
