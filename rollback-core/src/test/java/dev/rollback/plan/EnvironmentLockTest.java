package dev.rollback.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.EnvironmentLockedException;
import dev.rollback.errors.ExitCode;
import dev.rollback.errors.RollbackException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentLockTest {
    @TempDir
    Path state;

    @Test
    void secondAcquireIsRefusedNamingTheHolder() {
        try (EnvironmentLock first = EnvironmentLock.acquire(state, "full rollback to 9bef892")) {
            assertThatThrownBy(() -> EnvironmentLock.acquire(state, "service mysql"))
                    .isInstanceOf(EnvironmentLockedException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .satisfies(
                            e -> assertThat(((RollbackException) e).exitCode()).isEqualTo(ExitCode.PREFLIGHT_REFUSED))
                    .hasMessageContaining("full rollback to 9bef892");
        }
    }

    @Test
    void closeReleasesTheLock() {
        EnvironmentLock.acquire(state, "first").close();

        try (EnvironmentLock again = EnvironmentLock.acquire(state, "second")) {
            assertThat(state.resolve(EnvironmentLock.FILE)).content().contains("second");
        }
        assertThat(state.resolve(EnvironmentLock.FILE)).doesNotExist();
    }

    @Test
    void staleLockOfADeadProcessIsTakenOver() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Files.writeString(state.resolve(EnvironmentLock.FILE), p.pid() + "\n2025-11-14T08:50:00Z\nold run\n");

        try (EnvironmentLock lock = EnvironmentLock.acquire(state, "new run")) {
            assertThat(state.resolve(EnvironmentLock.FILE))
                    .content()
                    .startsWith(ProcessHandle.current().pid() + "\n");
        }
    }

    @Test
    void aLockWhosePidNowBelongsToAnotherProcessIsTakenOver() throws Exception {
        // a live process holds the pid, but it started at another time than the one that took the lock: the holder
        // died (kill -9, a reboot) and the pid was given again
        long pid = ProcessHandle.current().pid();
        Files.writeString(
                state.resolve(EnvironmentLock.FILE),
                pid + "\n2025-11-14T08:50:00Z\nold run\n" + "2025-11-14T08:49:58.120Z\n");

        try (EnvironmentLock lock = EnvironmentLock.acquire(state, "new run")) {
            assertThat(state.resolve(EnvironmentLock.FILE))
                    .content()
                    .contains("new run")
                    .contains(ProcessHandle.current()
                            .info()
                            .startInstant()
                            .orElseThrow()
                            .toString());
        }
    }

    @Test
    void lockFileIsCreatedWithThePrivateStateDirectory() {
        Path nested = state.resolve("project/.rollback");

        try (EnvironmentLock lock = EnvironmentLock.acquire(nested, "run")) {
            assertThat(nested.resolve(EnvironmentLock.FILE)).exists();
        }
    }
}
