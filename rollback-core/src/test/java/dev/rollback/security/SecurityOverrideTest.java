package dev.rollback.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.Rollback;
import dev.rollback.env.Environment;
import dev.rollback.env.ServiceDefinition;
import dev.rollback.errors.Problem;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackListener;
import dev.rollback.fixtures.AppRoleFixture;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import dev.rollback.steps.FilesRestoreStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityOverrideTest {
    @TempDir
    Path tmp;

    AppRoleFixture fx;
    Environment env;

    @BeforeEach
    void project() {
        fx = AppRoleFixture.create(tmp);
        env = fx.environment();
    }

    @Test
    void overrideSwitchesEntrypointBindsInitShReadsTokenFileAndVoidsAppRoleMounts() {
        String yaml = SecurityOverride.render(
                List.of(env.catalog().require("postgres"), env.catalog().require("redis")));

        assertThat(yaml).isEqualTo(SecurityOverride.HEADER + """
                services:
                  "postgres":
                    entrypoint: ["/init/init.sh"]
                    env_file: [".rollback/vault-token.env"]
                    environment:
                      VAULT_APPROLE_DIR: ""
                    volumes:
                      - "./configs/postgres/scripts/init.sh:/init/init.sh:ro"
                      - "./.rollback/approle-void:/vault-approles/postgres:ro"
                  "redis":
                    entrypoint: ["/init/init.sh"]
                    env_file: [".rollback/vault-token.env"]
                    volumes:
                      - "./configs/redis/scripts/init.sh:/init/init.sh:ro"
                      - "./.rollback/approle-void:/vault-approles/redis:ro"
                """);
    }

    @Test
    void defaultServicesAreThoseWithAnAppRoleEntrypointAndAnInitSh() throws IOException {
        Files.delete(fx.home().resolve("configs/redis/scripts/init.sh"));

        assertThat(Rollback.in(env).security().useRootToken().chosenServices()).containsExactly("postgres");
    }

    @Test
    void writingTheOverrideKeepsTheTokenOutOfItAndMakesPrivateFiles() throws IOException {
        SecurityOverrideStep step = step(List.of("postgres", "redis"));

        step.execute(context());

        Path override = fx.home().resolve(SecurityOverride.FILE);
        Path tokenEnv = fx.home().resolve(SecurityOverride.TOKEN_ENV_FILE);
        assertThat(Files.readString(override)).isEqualTo(step.overrideText()).doesNotContain(fx.rootToken());
        assertThat(Files.readString(tokenEnv)).isEqualTo("VAULT_TOKEN=" + fx.rootToken() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(override)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenEnv)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(override.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(fx.home().resolve(SecurityOverride.VOID_DIR))))
                .isEqualTo("rwx------");
        assertThat(SecurityOverride.servicesIn(override)).containsExactly("postgres", "redis");
    }

    @Test
    void undoPutsThePreviousOverrideBackFromTheSafetyCopy() throws IOException {
        step(List.of("postgres")).execute(context());
        String before = Files.readString(fx.home().resolve(SecurityOverride.FILE));
        StepContext ctx = context();
        SecurityOverrideStep second = step(List.of("postgres", "redis"));
        second.execute(ctx);

        assertThat(ctx.recordedUndo())
                .singleElement()
                .extracting(UndoRecipe::kind)
                .isEqualTo("files");
        FilesRestoreStep.of(ctx.recordedUndo().get(0)).execute(context());

        assertThat(Files.readString(fx.home().resolve(SecurityOverride.FILE))).isEqualTo(before);
        assertThat(ctx.safetyDir().resolve("security-override").resolve(SecurityOverride.FILE))
                .isRegularFile();
        assertThat(ctx.safetyDir().resolve("security-override").resolve(SecurityOverride.TOKEN_ENV_FILE))
                .isRegularFile();
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(fx.home().resolve(SecurityOverride.TOKEN_ENV_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void removingTheLastServiceDeletesOverrideAndTokenFile() {
        step(List.of("postgres")).execute(context());

        new SecurityOverrideStep(List.of(), List.of(), fx.rootTokenFile()).execute(context());

        assertThat(fx.home().resolve(SecurityOverride.FILE)).doesNotExist();
        assertThat(fx.home().resolve(SecurityOverride.TOKEN_ENV_FILE)).doesNotExist();
    }

    @Test
    void preflightBlocksAMissingOrEmptyRootTokenWithoutNamingTheToken() throws IOException {
        Files.writeString(fx.rootTokenFile(), "\n");

        List<Problem> problems = step(List.of("postgres")).preflight(context());

        assertThat(problems).anyMatch(p -> p.blocking() && p.found().contains("is empty"));
        Files.delete(fx.rootTokenFile());
        assertThat(step(List.of("postgres")).preflight(context()))
                .anyMatch(p -> p.blocking() && p.found().contains("does not exist"));
    }

    @Test
    void preflightBlocksAnInitShThatDropsTheCommandArguments() throws IOException {
        Path init = fx.home().resolve("configs/postgres/scripts/init.sh");
        Files.writeString(
                init, Files.readString(init).replace("docker-entrypoint.sh \"$@\"", "docker-entrypoint.sh postgres"));

        List<Problem> problems = step(List.of("postgres")).preflight(context());

        assertThat(problems)
                .anyMatch(p -> p.blocking()
                        && p.subject().equals("postgres")
                        && p.advice().contains("exec docker-entrypoint.sh \"$@\""));
    }

    @Test
    void dryRunShowsTheOverrideAndNeitherTheTokenNorAChange() {
        String rendered = Rollback.in(env).security().useRootToken().plan().render();

        assertThat(rendered)
                .contains("entrypoint: [\"/init/init.sh\"]")
                .contains("./.rollback/approle-void:/vault-approles/postgres:ro")
                .doesNotContain(fx.rootToken());
        assertThat(fx.home().resolve(".rollback")).doesNotExist();
    }

    @Test
    void useAppRoleWithoutAnOverrideHasNothingToDo() {
        assertThatThrownBy(() -> Rollback.in(env).security().useAppRole().plan())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("nothing to switch back");
    }

    private SecurityOverrideStep step(List<String> names) {
        List<ServiceDefinition> s = names.stream().map(env.catalog()::require).toList();
        return new SecurityOverrideStep(s, s, fx.rootTokenFile());
    }

    private StepContext context() {
        return new StepContext(
                env,
                "test",
                env.stateDir().resolve("runs/test"),
                RollbackListener.NONE,
                Clock.systemUTC(),
                Map.<Class<?>, Object>of());
    }
}
