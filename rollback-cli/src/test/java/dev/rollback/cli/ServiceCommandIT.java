package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.errors.ExitCode;
import dev.rollback.fixtures.ComposeFixture;
import dev.rollback.testing.RequiresDocker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollback service ...} from the command line against a running compose project. */
@RequiresDocker
class ServiceCommandIT {
    @TempDir
    static Path tmp;

    static ComposeFixture fx;

    @BeforeAll
    static void start() {
        fx = ComposeFixture.create(tmp);
        fx.up(List.of("standard", "probes"), "postgres", "never");
    }

    @AfterAll
    static void remove() {
        if (fx != null) {
            fx.close();
        }
    }

    @Test
    void serviceRollbackPrintsItsStepsProgressAndTimeToHealthy() {
        CliRun r = CliRun.of(
                "-C",
                fx.home().toString(),
                "service",
                "postgres",
                "--revert-init",
                "--disable-tls",
                "--from",
                fx.baseline().shortId(),
                "--await-healthy",
                "60s");

        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(r.out())
                .contains(
                        "stop",
                        "restored configs/postgres/scripts/init.sh",
                        "POSTGRES_ENABLE_TLS: true -> false",
                        "recreated postgres",
                        "postgres healthy after",
                        "Done: 7/7 steps");
        assertThat(fx.exec("postgres", "cat", "/tmp/init-version")).isEqualTo("baseline");
    }

    @Test
    void jsonResultCarriesTimeToHealthy() throws Exception {
        CliRun r = CliRun.of("-C", fx.home().toString(), "service", "postgres", "--await-healthy", "PT60S", "--json");

        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(json.at("/timeToHealthy/postgres").asText()).startsWith("PT");
        assertThat(json.get("steps")).hasSize(4);
    }

    @Test
    void neverHealthyServiceExitsWithCode3AndTheHealthcheckOutput() {
        CliRun r = CliRun.of("-C", fx.home().toString(), "service", "never", "--await-healthy", "30s");

        assertThat(r.code()).isEqualTo(ExitCode.HEALTH_TIMEOUT);
        assertThat(r.err()).contains("never", "not accepting connections");
    }
}
