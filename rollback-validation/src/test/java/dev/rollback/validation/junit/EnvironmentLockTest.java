package dev.rollback.validation.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondClassResettingTheSameEnvironmentIsRefusedNamingTheFirst() {
        Environment env = ProjectFixture.create(tmp.resolve("a")).environment();

        try (EnvironmentLock first = EnvironmentLock.acquire(env, "OrderServiceIT")) {
            assertThatThrownBy(() -> EnvironmentLock.acquire(env, "InvoiceIT"))
                    .isInstanceOf(RollbackException.class)
                    .hasMessageContaining("InvoiceIT cannot reset environment")
                    .hasMessageContaining("OrderServiceIT is resetting it now")
                    .hasMessageContaining("@ResourceLock");
        }
        // released: the next class gets it
        try (EnvironmentLock next = EnvironmentLock.acquire(env, "InvoiceIT")) {
            assertThat(env.stateDir().resolve(EnvironmentLock.FILE)).exists();
        }
    }

    @Test
    void classesOnDifferentEnvironmentsHoldTheirsAtOnce() {
        Environment a = ProjectFixture.create(tmp.resolve("a")).environment();
        Environment b = ProjectFixture.create(tmp.resolve("b")).environment();

        try (EnvironmentLock la = EnvironmentLock.acquire(a, "OrderServiceIT");
                EnvironmentLock lb = EnvironmentLock.acquire(b, "InvoiceIT")) {
            assertThat(la).isNotNull();
            assertThat(lb).isNotNull();
        }
    }
}
