package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.errors.EnvironmentLockedException;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.plan.EnvironmentLock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup takes the environment's lock like a rollback: never one while the other changes the environment. */
class BackupLockTest {
    @TempDir
    Path tmp;

    @Test
    void aBackupWhileARunHoldsTheEnvironmentIsRefusedAndWritesNothing() {
        ProjectFixture p = ProjectFixture.create(tmp);
        Environment env = p.environment();

        try (var held = EnvironmentLock.acquire(env.stateDir(), "full rollback to 01eec5a")) {
            assertThatThrownBy(() -> Backups.in(env).create())
                    .isInstanceOf(EnvironmentLockedException.class)
                    .hasMessageContaining("full rollback to 01eec5a");
        }
        assertThat(Backups.in(env).list()).isEmpty();
        assertThat(Backups.in(env).create().manifest().artifacts()).isNotEmpty();
    }
}
