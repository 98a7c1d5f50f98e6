package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.Environment;
import dev.rollback.env.ServiceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How long services restarted after a consistent copy may take: the operator's health_timeout first. */
class ConsistentCopyTest {
    @TempDir
    Path home;

    @Test
    void aConfiguredHealthTimeoutWinsAndOtherwiseTheLongerOfTheKindsDefaultAndThriceTheStartUp() throws Exception {
        Files.writeString(home.resolve("docker-compose.yml"), """
                services:
                  postgres:
                    image: postgres:15
                  mysql:
                    image: mysql:8.0
                """);
        Files.writeString(home.resolve("rollback.yaml"), """
                services:
                  postgres:
                    health_timeout: 7m
                """);
        Environment env = Environment.custom(home)
                .withProcessEnvironment(Map.of("HOME", home.toString()))
                .build();
        var mysql = env.catalog().require("mysql");
        assertThat(mysql.kind()).isEqualTo(ServiceKind.MYSQL);

        assertThat(ConsistentCopy.restartTimeout(env, env.catalog().require("postgres")))
                .isEqualTo(Duration.ofMinutes(7));
        assertThat(mysql.expectedStartup()).isEqualTo(Duration.ofSeconds(60));
        // 3 x 60 s + 30 s is longer than a service rollback's 90 s for MySQL
        assertThat(ConsistentCopy.restartTimeout(env, mysql)).isEqualTo(Duration.ofSeconds(210));
    }
}
