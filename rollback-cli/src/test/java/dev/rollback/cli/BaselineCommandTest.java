package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.env.Environment;
import dev.rollback.errors.ExitCode;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.validation.baseline.Baseline;
import dev.rollback.validation.baseline.Baselines;
import dev.rollback.validation.probe.ServiceFigures;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollback baseline}: its help, and showing a recorded baseline (measuring one needs Docker). */
class BaselineCommandTest {
    @TempDir
    Path tmp;

    String home;
    Environment env;

    @BeforeEach
    void project() {
        ProjectFixture p = ProjectFixture.create(tmp);
        home = p.home().toString();
        env = Environment.load(p.home());
    }

    @Test
    void helpSaysWhatItMeasuresAndItsOptions() {
        CliRun r = CliRun.of("baseline", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("Usage: rollback baseline", "--show", "--json", "memory and CPU", "rollback validate")
                .contains("  rollback baseline --show");
    }

    @Test
    void showWithoutARecordedBaselineSaysHowToRecordOne() {
        CliRun r = CliRun.of("-C", home, "baseline", "--show");

        assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err())
                .startsWith("error: no baseline recorded for devstack-core")
                .contains(Baselines.file(env).toString(), "record one with rollback baseline");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void showPrintsTheRecordedFiguresAndTheFile() throws Exception {
        Path file = Baselines.write(env, sample());

        CliRun text = CliRun.of("-C", home, "baseline", "--show");
        CliRun json = CliRun.of("-C", home, "baseline", "--show", "--json");

        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("Baseline at 2026-01-05T10:00:00Z on main at 9bef892")
                .contains("Services (2)  postgres, vault", "Networks (1)  dev-services")
                .containsPattern("postgres +256\\.0 MiB +1\\.5%")
                .containsPattern("vault +128\\.0 MiB +0\\.5%")
                .containsPattern("total +384\\.0 MiB +2\\.0%")
                .containsPattern("reference-api:8000/health +42 ms")
                .contains("Recorded in " + file);
        JsonNode b = new ObjectMapper().readTree(json.out());
        assertThat(b.get("services")).hasSize(2);
        assertThat(b.at("/resources/postgres/memoryBytes").asLong()).isEqualTo(256L << 20);
        assertThat(b.at("/responseMillis/reference-api:8000~1health").asLong()).isEqualTo(42);
    }

    private static Baseline sample() {
        return new Baseline(
                Instant.parse("2026-01-05T10:00:00Z"),
                "9bef8921aa",
                "main",
                List.of("postgres", "vault"),
                List.of("dev-services"),
                Map.of("postgres", new ServiceFigures(256L << 20, 1.5), "vault", new ServiceFigures(128L << 20, 0.5)),
                Map.of("reference-api:8000/health", 42L),
                -1);
    }
}
