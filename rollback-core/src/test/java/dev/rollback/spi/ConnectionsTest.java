package dev.rollback.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.UsageException;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Core's class path has no engine or secret store provider: what the owner does with none, and its one close. */
class ConnectionsTest {
    @TempDir
    Path tmp;

    @Test
    void oneTimeoutOfThreeSecondsUnlessGiven() {
        ProjectFixture p = ProjectFixture.create(tmp);

        assertThat(Connections.to(p.environment()).timeout())
                .isEqualTo(Duration.ofSeconds(3))
                .isEqualTo(Connections.DEFAULT_TIMEOUT);
        assertThat(Connections.to(p.environment(), Duration.ofMillis(500)).timeout())
                .isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Connections.to(p.environment(), Duration.ZERO))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("more than zero");
    }

    @Test
    void withoutProvidersEachConnectionIsEmptyAndTheSameAtEveryCall() {
        ProjectFixture p = ProjectFixture.create(tmp);
        try (Connections c = Connections.to(p.environment())) {
            assertThat(c.engine()).isEmpty();
            assertThat(c.engine()).isSameAs(c.engine());
            assertThat(c.volumes()).isEmpty();
            assertThat(c.secrets()).isEmpty();
            assertThat(c.secretsAtFirstUse()).isEmpty();
        }
    }

    @Test
    void closedOnceAndRefusedAfter() {
        ProjectFixture p = ProjectFixture.create(tmp);
        Connections c = Connections.to(p.environment());
        c.engine();

        c.close();
        c.close();

        assertThatThrownBy(c::engine).isInstanceOf(IllegalStateException.class).hasMessageContaining("are closed");
        assertThatThrownBy(c::secrets).isInstanceOf(IllegalStateException.class);
    }
}
