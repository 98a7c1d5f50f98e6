package dev.rollback.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.EnvironmentException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentTest {
    private static final String COMPOSE = "services:\n  web:\n    image: nginx\n    profiles: [edge]\n";

    @TempDir
    Path tmp;

    private Path project(String dirName, String compose) {
        Path dir = tmp.resolve(dirName);
        DevstackFixture.write(dir.resolve("docker-compose.yml"), compose);
        return dir;
    }

    private static Environment.Builder quiet(Path dir) {
        return Environment.custom(dir).withProcessEnvironment(Map.of("HOME", "/home/dev"));
    }

    @Test
    void projectNameFromTheDirectoryIsNormalizedLikeCompose() {
        Path dir = project("My Project.v2", COMPOSE);

        String name = quiet(dir).build().projectName();

        assertThat(name).isEqualTo("myprojectv2");
    }

    @Test
    void projectNameFromComposeNameBeatsTheDirectory() {
        Path dir = project("dir", "name: From-Compose\n" + COMPOSE);

        Environment env = quiet(dir).build();

        assertThat(env.projectName()).isEqualTo("from-compose");
        assertThat(env.catalog().require("web").containerName()).isEqualTo("from-compose-web-1");
    }

    @Test
    void projectNameFromDotEnvBeatsComposeName() {
        Path dir = project("dir", "name: from-compose\n" + COMPOSE);
        DevstackFixture.write(dir.resolve(".env"), "COMPOSE_PROJECT_NAME=from-dotenv\n");

        String name = quiet(dir).build().projectName();

        assertThat(name).isEqualTo("from-dotenv");
    }

    @Test
    void projectNameFromProcessEnvironmentBeatsDotEnv() {
        Path dir = project("dir", "name: from-compose\n" + COMPOSE);
        DevstackFixture.write(dir.resolve(".env"), "COMPOSE_PROJECT_NAME=from-dotenv\n");

        String name = Environment.custom(dir)
                .withProcessEnvironment(Map.of("COMPOSE_PROJECT_NAME", "from-process"))
                .build()
                .projectName();

        assertThat(name).isEqualTo("from-process");
    }

    @Test
    void explicitProjectNameBeatsEverything() {
        Path dir = project("dir", "name: from-compose\n" + COMPOSE);
        DevstackFixture.write(dir.resolve(".env"), "COMPOSE_PROJECT_NAME=from-dotenv\n");

        Environment env = quiet(dir).withProjectName("_Explicit").build();

        assertThat(env.projectName()).isEqualTo("explicit");
        assertThat(env.catalog().require("web").containerName()).isEqualTo("explicit-web-1");
    }

    @Test
    void projectNameWithoutLettersOrDigitsIsAnError() {
        Path dir = project("dir", COMPOSE);

        assertThatThrownBy(() -> quiet(dir).withProjectName("__--").build())
                .isInstanceOf(EnvironmentException.class)
                .hasMessageContaining("no letter or digit");
    }

    @Test
    void activeProfilesComeFromComposeProfilesBeforeRollbackYaml() {
        Path dir = project("dir", COMPOSE);
        DevstackFixture.write(dir.resolve("rollback.yaml"), "profiles: [full]\n");
        DevstackFixture.write(dir.resolve(".env"), "COMPOSE_PROFILES=standard, reference\n");

        Environment env = quiet(dir).build();

        assertThat(env.activeProfiles()).containsExactly("standard", "reference");
    }

    @Test
    void activeProfilesFallBackToRollbackYamlAndBuilderWins() {
        Path dir = project("dir", COMPOSE);
        DevstackFixture.write(dir.resolve("rollback.yaml"), "profiles: [full]\n");

        Environment fromFile = quiet(dir).build();
        Environment fromBuilder = quiet(dir).withActiveProfiles(List.of("edge")).build();

        assertThat(fromFile.activeProfiles()).containsExactly("full");
        assertThat(fromBuilder.activeProfiles()).containsExactly("edge");
    }

    @Test
    void rollbackYamlSetsLocationsTargetAndServiceOverrides() {
        Path dir = project("dir", COMPOSE);
        DevstackFixture.write(dir.resolve("rollback.yaml"), """
                target: local
                vault_key_dir: ~/vault-keys
                backup_root: var/backups
                services:
                  web:
                    kind: http_api
                    expected_startup: 12s
                    tls_flag: WEB_TLS
                """);

        Environment env = quiet(dir).build();

        ServiceDefinition web = env.catalog().require("web");
        assertThat(env.target()).isEqualTo(Target.LOCAL);
        assertThat(env.vaultKeyDir()).isEqualTo(Path.of("/home/dev/vault-keys"));
        assertThat(env.backupRoot()).isEqualTo(dir.toAbsolutePath().resolve("var/backups"));
        assertThat(web.kind()).isEqualTo(ServiceKind.HTTP_API);
        assertThat(web.expectedStartup()).isEqualTo(Duration.ofSeconds(12));
        assertThat(web.tlsFlag()).contains("WEB_TLS");
    }

    @Test
    void builderSettingsBeatRollbackYaml() {
        Path dir = project("dir", COMPOSE);
        DevstackFixture.write(dir.resolve("rollback.yaml"), "target: local\nbackup_root: b\n");

        Environment env = quiet(dir)
                .withTarget(Target.DOCKER)
                .withBackupRoot(Path.of("/srv/b"))
                .withVaultKeyDir(Path.of("/keys"))
                .build();

        assertThat(env.target()).isEqualTo(Target.DOCKER);
        assertThat(env.backupRoot()).isEqualTo(Path.of("/srv/b"));
        assertThat(env.vaultKeyDir()).isEqualTo(Path.of("/keys"));
    }

    @Test
    void overrideOfAnUnknownServiceIsAnErrorListingTheKnownOnes() {
        Path dir = project("dir", COMPOSE);
        DevstackFixture.write(dir.resolve("rollback.yaml"), "services:\n  mysqll:\n    port: 3306\n");

        assertThatThrownBy(() -> quiet(dir).build())
                .isInstanceOfSatisfying(
                        EnvironmentException.class,
                        e -> assertThat(e.file()).isEqualTo(dir.toAbsolutePath().resolve("rollback.yaml")))
                .hasMessageContaining("services.mysqll: no such service in the compose file; known services: web");
    }

    @Test
    void localTargetWithoutComposeFileTakesServicesFromRollbackYaml() {
        Path dir = tmp.resolve("local");
        DevstackFixture.write(dir.resolve("rollback.yaml"), """
                target: local
                services:
                  postgres:
                    host: 127.0.0.1
                    port: 5432
                  cache:
                    kind: redis
                """);

        Environment env = quiet(dir).build();

        assertThat(env.composeFiles()).isEmpty();
        assertThat(env.catalog().services())
                .extracting(ServiceDefinition::name, ServiceDefinition::kind)
                .containsExactly(
                        Tuple.tuple("postgres", ServiceKind.POSTGRES), Tuple.tuple("cache", ServiceKind.REDIS));
        assertThat(env.config().services().get("postgres").port()).contains(5432);
    }

    @Test
    void explicitComposeFilesAndEnvFileAreUsed() {
        Path dir = project("dir", COMPOSE);
        DevstackFixture.write(dir.resolve("other.yml"), "services:\n  api:\n    image: app:${TAG}\n");
        DevstackFixture.write(dir.resolve("config/prod.env"), "TAG=9\n");

        Environment env = quiet(dir)
                .withComposeFiles(List.of(Path.of("other.yml")))
                .withEnvFile(Path.of("config/prod.env"))
                .build();

        assertThat(env.composeFiles()).containsExactly(dir.toAbsolutePath().resolve("other.yml"));
        assertThat(env.envFile()).isEqualTo(dir.toAbsolutePath().resolve("config/prod.env"));
        assertThat(env.catalog().require("api").image()).contains("app:9");
    }

    @Test
    void absentDotEnvMeansNoDotEnvVariables() {
        Path dir = project("dir", "services:\n  api:\n    image: app:${TAG:-none}\n");

        Environment env = quiet(dir).build();

        assertThat(env.catalog().require("api").image()).contains("app:none");
        assertThat(env.variables()).containsOnlyKeys("HOME");
    }

    @Test
    void projectDirectoryThatDoesNotExistIsAnError() {
        Path missing = tmp.resolve("missing");

        assertThatThrownBy(() -> Environment.load(missing))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.file()).isEqualTo(missing))
                .hasMessageContaining("not a directory");
    }
}
