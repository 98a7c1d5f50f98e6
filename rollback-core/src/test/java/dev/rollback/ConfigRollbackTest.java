package dev.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.EnvFile;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackResult;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRollbackTest {
    @TempDir
    Path tmp;

    ProjectFixture p;

    @BeforeEach
    void project() {
        p = ProjectFixture.create(tmp);
    }

    @Test
    void setChangesOnlyThatLineAndKeepsTheOldFile() throws Exception {
        String before = p.read(".env");

        RollbackResult r = Rollback.in(p.environment())
                .config()
                .set("MYSQL_ENABLE_TLS", "false")
                .execute();

        assertThat(r.succeeded()).isTrue();
        assertThat(p.read(".env")).isEqualTo(before.replace("MYSQL_ENABLE_TLS=true", "MYSQL_ENABLE_TLS=false"));
        try (Stream<Path> files = Files.list(p.home())) {
            Path kept = files.filter(f -> f.getFileName().toString().startsWith(".env.rollback-"))
                    .findFirst()
                    .orElseThrow();
            assertThat(kept).hasContent(before);
        }
        assertThat(r.steps().get(0).details()).anyMatch(d -> d.contains("MYSQL_ENABLE_TLS: true -> false"));
    }

    @Test
    void secretValuesNeverAppearInEventsOrJournal() throws Exception {
        List<RollbackEvent> events = new ArrayList<>();

        RollbackResult r = Rollback.in(p.environment())
                .config()
                .set("POSTGRES_PASSWORD", "s3cr3t-value")
                .withListener(events::add)
                .execute();

        assertThat(events).noneMatch(e -> e.message().contains("s3cr3t-value"));
        assertThat(Files.readString(r.journal())).doesNotContain("s3cr3t-value");
        assertThat(EnvFile.load(p.home().resolve(".env")).get("POSTGRES_PASSWORD"))
                .hasValue("s3cr3t-value");
    }

    @Test
    void malformedEnvIsRefusedInPreflightAndLeftByteForByte() throws Exception {
        p.write(".env", "GOOD=1\nthis line is broken\n");

        assertThatThrownBy(() ->
                        Rollback.in(p.environment()).config().set("GOOD", "2").execute())
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining(".env:2");

        assertThat(p.read(".env")).isEqualTo("GOOD=1\nthis line is broken\n");
    }

    @Test
    void restoreFromACopyThenSetAppliesBoth() throws Exception {
        Path copy = tmp.resolve("env_backup");
        Files.writeString(copy, "# baseline\nMYSQL_ENABLE_TLS=true\nA=1\n");

        Rollback.in(p.environment())
                .config()
                .restoringEnvFrom(copy)
                .set("MYSQL_ENABLE_TLS", "false")
                .execute();

        assertThat(p.read(".env")).isEqualTo("# baseline\nMYSQL_ENABLE_TLS=false\nA=1\n");
    }

    @Test
    void emptyConfigRollbackIsAUsageError() {
        assertThatThrownBy(() -> Rollback.in(p.environment()).config().plan())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("needs something to do");
    }
}
