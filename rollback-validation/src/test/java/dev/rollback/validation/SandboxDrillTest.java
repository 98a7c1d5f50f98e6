package dev.rollback.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.Rollback;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.io.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxDrillTest {
    @TempDir
    Path tmp;

    @Test
    void drillRollsTheSandboxBackAndEveryCheckHolds() {
        List<RollbackEvent> events = new ArrayList<>();

        DrillReport r =
                SandboxDrill.in(tmp.resolve("s")).withListener(events::add).run();

        assertThat(r.passed()).isTrue();
        assertThat(events)
                .filteredOn(e -> e.type() == RollbackEvent.Type.STAGE_STARTED)
                .extracting(RollbackEvent::subject)
                .containsExactly("create", "snapshot", "break", "rollback", "validate");
        assertThat(r.checks()).hasSizeGreaterThanOrEqualTo(12).allMatch(CheckResult::passed);
        assertThat(events).anyMatch(e -> e.type() == RollbackEvent.Type.RUN_FINISHED);
    }

    @Test
    void checksCatchAKeyDirectoryThatDiffersFromTheSnapshot() throws Exception {
        Sandbox s = Sandbox.create(tmp.resolve("s"));
        Path snapshot = tmp.resolve("snap");
        FileTrees.copy(s.keyDir(), snapshot.resolve("vault-keys"));
        Files.copy(s.dir().resolve(".env"), snapshot.resolve("env_backup"));
        var result = Rollback.in(s.dir()).config().set("A", "1").execute();
        Files.writeString(s.keyDir().resolve("root-token"), "hvs.other\n");

        List<CheckResult> checks = new DrillChecks(s, snapshot, result).run();

        assertThat(checks)
                .filteredOn(c -> !c.passed())
                .extracting(CheckResult::item)
                .anyMatch(i -> i.startsWith("restored"))
                .anyMatch(i -> i.startsWith("root-token matches"))
                .anyMatch(i -> i.startsWith("matches the baseline"));
        assertThat(checks)
                .filteredOn(c -> !c.passed())
                .extracting(CheckResult::detail)
                .noneMatch(d -> d.contains("hvs."));
    }

    @Test
    void drillRefusesADirectoryThatIsNotEmptyAndLeavesItAlone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dir.resolve("precious.txt"), "mine");

        assertThatThrownBy(() -> SandboxDrill.in(dir).run())
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("not empty");

        assertThat(dir.resolve("precious.txt")).hasContent("mine");
        assertThat(dir.resolve(".git")).doesNotExist();
    }
}
