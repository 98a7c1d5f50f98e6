package dev.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart recreates services in depends_on order, a wave at a time: compose, given a service and the one it
 * waits for in one command, would wait on the engine's health interval (and fail when the dependency is unhealthy).
 */
class ServiceRestartWavesTest {
    @TempDir
    Path dir;

    @Test
    void dependentsComeInLaterWavesAndIndependentServicesTogether() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  postgres: {image: local/postgres:15}
                  pgbouncer: {image: local/pgbouncer:1, depends_on: {postgres: {condition: service_healthy}}}
                  forgejo: {image: local/java:17, depends_on: [pgbouncer]}
                  mysql: {image: local/mariadb:10.11}
                  api: {image: local/java:17, depends_on: [mysql, postgres]}
                """);
        Environment env = Environment.custom(dir)
                .withProcessEnvironment(Map.of("HOME", dir.toString()))
                .build();

        List<List<String>> waves = ServiceRestart.waves(env.catalog().services()).stream()
                .map(w -> w.stream().map(ServiceDefinition::name).toList())
                .toList();

        assertThat(waves)
                .containsExactly(List.of("postgres", "mysql"), List.of("pgbouncer", "api"), List.of("forgejo"));
    }

    @Test
    void aDependencyOutsideTheRestartedServicesDoesNotHoldTheServiceBack() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  vault: {image: local/java:17}
                  postgres: {image: local/postgres:15, depends_on: [vault]}
                """);
        Environment env = Environment.custom(dir)
                .withProcessEnvironment(Map.of("HOME", dir.toString()))
                .build();

        List<List<ServiceDefinition>> waves =
                ServiceRestart.waves(List.of(env.catalog().require("postgres")));

        assertThat(waves)
                .singleElement()
                .satisfies(
                        w -> assertThat(w).extracting(ServiceDefinition::name).containsExactly("postgres"));
    }
}
