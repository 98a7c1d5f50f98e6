package dev.rollback.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.rollback.errors.EnvironmentException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeParsingTest {
    private static final Map<String, String> PROCESS = Map.of("HOME", "/home/dev");

    @TempDir
    Path tmp;

    private Path project(String compose) {
        Path dir = tmp.resolve("app");
        DevstackFixture.write(dir.resolve("compose.yaml"), compose);
        return dir;
    }

    private Environment load(Path dir) {
        return Environment.custom(dir).withProcessEnvironment(PROCESS).build();
    }

    @Test
    void mergeKeysResolveWithExplicitKeysWinningAndNestedMerges() {
        Path dir = project("""
                x-base: &base
                  image: redis:7
                  restart: always
                  environment: &env
                    A: from-anchor
                    B: from-anchor
                  command: ["redis-server"]
                x-extra: &extra
                  image: ignored:1
                  labels: ["x=1"]
                services:
                  cache:
                    <<: [*base, *extra]
                    restart: "no"
                    environment:
                      <<: *env
                      B: explicit
                      C: added
                """);

        ServiceDefinition cache = load(dir).catalog().require("cache");

        assertThat(cache.image()).contains("redis:7");
        assertThat(cache.environment())
                .containsOnly(entry("A", "from-anchor"), entry("B", "explicit"), entry("C", "added"));
        assertThat(cache.command()).containsExactly("redis-server");
        assertThat(cache.kind()).isEqualTo(ServiceKind.REDIS);
    }

    @Test
    void mergeOfAScalarIsAnErrorNamingThePath() {
        Path dir = project("""
                x-s: &s just-a-string
                services:
                  app:
                    <<: *s
                    image: x
                """);

        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("services.app.<<")
                .hasMessageContaining("must merge a mapping");
    }

    @Test
    void requiredVariableErrorNamesServiceAndFieldButNotTheValue() {
        Path dir = project("""
                services:
                  db:
                    image: mysql:8
                    environment:
                      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD:?set it in .env}
                """);

        assertThatThrownBy(() -> load(dir))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.file()).isEqualTo(dir.resolve("compose.yaml")))
                .hasMessageContaining("services.db.environment.MYSQL_ROOT_PASSWORD")
                .hasMessageContaining("required variable MYSQL_ROOT_PASSWORD is missing a value: set it in .env");
    }

    @Test
    void interpolationUsesProcessEnvironmentOverDotEnv() {
        Path dir = project("""
                services:
                  app:
                    image: "app:${TAG:-latest}"
                    environment:
                      FROM_DOTENV: ${ONLY_DOTENV}
                      BOTH: ${BOTH}
                      LITERAL: "$$NOT_A_VAR"
                      INHERITED:
                    ports: ["${PORT:-8080}:80"]
                """);
        DevstackFixture.write(dir.resolve(".env"), "ONLY_DOTENV=d\nBOTH=from-dotenv\nTAG=1.2\n");
        Environment env = Environment.custom(dir)
                .withProcessEnvironment(Map.of("BOTH", "from-process", "INHERITED", "i"))
                .build();

        ServiceDefinition app = env.catalog().require("app");

        assertThat(app.image()).contains("app:1.2");
        assertThat(app.environment())
                .containsOnly(
                        entry("FROM_DOTENV", "d"),
                        entry("BOTH", "from-process"),
                        entry("LITERAL", "$NOT_A_VAR"),
                        entry("INHERITED", "i"));
        assertThat(app.ports()).containsExactly("8080:80");
        assertThat(env.variables()).containsEntry("BOTH", "from-process").containsEntry("ONLY_DOTENV", "d");
    }

    @Test
    void readsShortAndLongSyntaxOfCommandsPortsVolumesAndHealthChecks() {
        Path dir = project("""
                volumes:
                  data:
                  shared:
                    external: true
                  named:
                    name: custom-name
                services:
                  app:
                    build: ./src
                    command: run --fast
                    entrypoint: ["/init.sh"]
                    ports:
                      - 9000
                      - target: 80
                        published: 8080
                      - target: 53
                        published: 5353
                        protocol: udp
                    volumes:
                      - data:/data
                      - ./conf:/etc/conf:ro
                      - /var/run/docker.sock:/var/run/docker.sock:ro,z
                      - /anonymous
                      - type: volume
                        source: shared
                        target: /shared
                        read_only: true
                      - type: bind
                        source: ~/certs
                        target: /certs
                      - type: tmpfs
                        target: /tmp
                      - named:/named
                    healthcheck:
                      test: curl -f http://localhost:8080/
                      interval: 1m30s
                    depends_on: [db]
                  db:
                    image: postgres:18
                    healthcheck:
                      disable: true
                  worker:
                    image: busybox
                    healthcheck:
                      test: ["NONE"]
                """);

        ServiceCatalog catalog = load(dir).catalog();

        ServiceDefinition app = catalog.require("app");
        assertThat(app.image()).isEmpty();
        assertThat(app.containerName()).isEqualTo("app-app-1");
        assertThat(app.command()).containsExactly("run --fast");
        assertThat(app.entrypoint()).containsExactly("/init.sh");
        assertThat(app.ports()).containsExactly("9000", "8080:80", "5353:53/udp");
        assertThat(app.mounts())
                .containsExactly(
                        new Mount("data", "/data", false, false),
                        new Mount("./conf", "/etc/conf", true, true),
                        new Mount("/var/run/docker.sock", "/var/run/docker.sock", true, true),
                        new Mount("", "/anonymous", false, false),
                        new Mount("shared", "/shared", true, false),
                        new Mount("~/certs", "/certs", false, true),
                        new Mount("named", "/named", false, false));
        assertThat(app.volumes()).containsExactly("app_data", "shared", "custom-name");
        assertThat(app.healthCheck())
                .contains(new HealthCheck(
                        List.of("CMD-SHELL", "curl -f http://localhost:8080/"),
                        Duration.ofSeconds(90),
                        Duration.ofSeconds(30),
                        3,
                        Duration.ZERO,
                        false));
        assertThat(app.dependsOn()).containsExactly("db");
        assertThat(catalog.require("db").healthCheck()).hasValueSatisfying(h -> {
            assertThat(h.disabled()).isTrue();
            assertThat(h.test()).isEmpty();
        });
        assertThat(catalog.require("worker").healthCheck())
                .hasValueSatisfying(h -> assertThat(h.disabled()).isTrue());
        assertThat(catalog.volumes())
                .containsExactly(
                        new VolumeDefinition("data", "app_data", false),
                        new VolumeDefinition("shared", "shared", true),
                        new VolumeDefinition("named", "custom-name", false));
    }

    @Test
    void badHealthCheckDurationIsAnErrorNamingTheField() {
        Path dir = project("""
                services:
                  app:
                    image: x
                    healthcheck:
                      test: ["CMD", "true"]
                      interval: ${INTERVAL:-soon}
                """);

        assertThatThrownBy(() -> load(dir))
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("services.app.healthcheck.interval: expected a duration");
    }

    @Test
    void invalidYamlIsAnErrorNamingTheLine() {
        Path dir = project("services:\n  app:\n    image: [unclosed\n");

        assertThatThrownBy(() -> load(dir))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.line()).isPresent())
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void overrideFileIsFoundAndMergedLikeCompose() {
        Path dir = project("""
                services:
                  app:
                    image: app:1
                    command: ["serve", "--port", "80"]
                    environment:
                      - A=1
                      - B=2
                    ports: ["80:80"]
                    volumes: ["data:/data", "./a:/config"]
                    profiles: [web]
                """);
        DevstackFixture.write(dir.resolve("compose.override.yml"), """
                services:
                  app:
                    image: app:2
                    command: ["debug"]
                    environment:
                      B: two
                      C: "3"
                    ports: ["9229:9229"]
                    volumes: ["./b:/config"]
                  extra:
                    image: busybox
                """);

        Environment env = load(dir);

        ServiceDefinition app = env.catalog().require("app");
        assertThat(env.composeFiles())
                .containsExactly(dir.resolve("compose.yaml"), dir.resolve("compose.override.yml"));
        assertThat(app.image()).contains("app:2");
        assertThat(app.command()).containsExactly("debug");
        assertThat(app.environment()).containsOnly(entry("A", "1"), entry("B", "two"), entry("C", "3"));
        assertThat(app.ports()).containsExactly("80:80", "9229:9229");
        assertThat(app.mounts()).extracting(Mount::source).containsExactly("data", "./b");
        assertThat(env.catalog().services()).extracting(ServiceDefinition::name).containsExactly("app", "extra");
    }

    @Test
    void overrideFileMixingListAndMapFormsMergesPerKeyAndAnEmptyServiceKeepsTheBase() {
        Path dir = project("""
                services:
                  app:
                    image: app:1
                    depends_on: [db]
                    environment: {A: "1"}
                  db:
                    image: postgres:18
                """);
        DevstackFixture.write(dir.resolve("compose.override.yaml"), """
                services:
                  app:
                    depends_on:
                      cache:
                        condition: service_healthy
                    environment: ["B=2"]
                  db:
                """);

        ServiceCatalog catalog = load(dir).catalog();

        assertThat(catalog.require("app").dependsOn()).containsExactly("db", "cache");
        assertThat(catalog.require("app").environment()).containsOnly(entry("A", "1"), entry("B", "2"));
        assertThat(catalog.require("db").image()).contains("postgres:18");
    }

    @Test
    void composeFileVariableChoosesTheFilesInOrder() {
        Path dir = project("services:\n  ignored:\n    image: x\n");
        DevstackFixture.write(dir.resolve("base.yml"), "services:\n  app:\n    image: app:1\n");
        DevstackFixture.write(dir.resolve("ops/more.yml"), "services:\n  app:\n    image: app:2\n");
        DevstackFixture.write(dir.resolve(".env"), "COMPOSE_FILE=base.yml:ops/more.yml\n");

        Environment env = load(dir);

        assertThat(env.composeFiles()).containsExactly(dir.resolve("base.yml"), dir.resolve("ops/more.yml"));
        assertThat(env.catalog().require("app").image()).contains("app:2");
        assertThat(env.catalog().find("ignored")).isEmpty();
    }

    @Test
    void composeFileVariableNamingAMissingFileIsAnError() {
        Path dir = project("services: {}\n");

        assertThatThrownBy(() -> Environment.custom(dir)
                        .withProcessEnvironment(Map.of("COMPOSE_FILE", "nope.yml"))
                        .build())
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.file()).isEqualTo(dir.resolve("nope.yml")))
                .hasMessageContaining("COMPOSE_FILE");
    }

    @Test
    void missingComposeFileIsAnErrorNamingTheDirectoryAndTheNamesTried() {
        Path dir = tmp.resolve("empty");
        DevstackFixture.write(dir.resolve(".env"), "A=1\n");

        assertThatThrownBy(() -> load(dir))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.file()).isEqualTo(dir))
                .hasMessageContaining("no compose file found")
                .hasMessageContaining("compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml");
    }

    @Test
    void malformedDotEnvFailsTheEnvironmentNamingTheLine() {
        Path dir = project("services: {}\n");
        DevstackFixture.write(dir.resolve(".env"), "A=1\nB='unterminated\n");

        assertThatThrownBy(() -> load(dir)).isInstanceOfSatisfying(EnvironmentException.class, e -> {
            assertThat(e.file()).isEqualTo(dir.resolve(".env"));
            assertThat(e.line()).contains(2);
        });
    }
}
