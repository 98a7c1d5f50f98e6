package dev.rollback.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AffectedServicesTest {
    @TempDir
    Path dir;

    @Test
    void theServicesThatMountAChangedFileOrItsFolderAmongTheActiveOrRunningOnes() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  postgres:
                    image: local/postgres:15
                    volumes: ["./configs/postgres:/docker-entrypoint-initdb.d:ro", "pg:/var/lib/postgresql/data"]
                  mysql:
                    image: local/mariadb:10.11
                    volumes: ["./configs/mysql/scripts/init.sh:/init/init.sh:ro"]
                  prometheus:
                    image: local/busybox
                    profiles: [full]
                    volumes: ["./configs/prometheus:/etc/prometheus:ro"]
                  grafana:
                    image: local/busybox
                    profiles: [full]
                    volumes: ["./configs/grafana:/etc/grafana:ro"]
                volumes:
                  pg:
                """);
        Environment env = Environment.custom(dir)
                .withProcessEnvironment(Map.of("HOME", dir.toString()))
                .build();
        List<String> changed = List.of(
                "configs/postgres/performance/tuning.conf",
                "configs/prometheus/rules.yml",
                "configs/grafana/dash.json",
                "docs/README.md");

        assertThat(AffectedServices.mounting(env, changed, Set.of("prometheus")))
                .containsExactly("postgres", "prometheus");
        assertThat(AffectedServices.mounting(env, List.of("configs/mysql/scripts/init-approle.sh"), Set.of()))
                .isEmpty();
    }
}
