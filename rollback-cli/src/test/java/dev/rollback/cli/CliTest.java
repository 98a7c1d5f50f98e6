package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.errors.ExitCode;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.io.FileTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path tmp;

    ProjectFixture p;
    String home;

    @BeforeEach
    void project() {
        p = ProjectFixture.create(tmp);
        home = p.home().toString();
    }

    @Test
    void helpListsEveryCommandAndTheExitCodes() {
        CliRun r = CliRun.of("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("status", "full", "phase", "service", "config", "drill", "5 preflight refused");
    }

    @Test
    void statusListsDevstackCoreServicesWithProfilesAndContainers() {
        CliRun r = CliRun.of("-C", home, "status", "--engine-timeout", "100ms");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "Project      devstack-core",
                        "Services (23)",
                        "dev-mysql",
                        "standard,full",
                        "MYSQL_ENABLE_TLS=true",
                        "improvement: AppRole, TLS, performance");
    }

    @Test
    void statusJsonHasEveryServiceAndTheGitState() throws Exception {
        CliRun r = CliRun.of("-C", home, "status", "--json", "--engine-timeout", "100ms");

        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("services")).hasSize(23);
        assertThat(json.at("/git/commit").asText()).isEqualTo(p.improvement().shortId());
        assertThat(json.at("/tlsFlags/POSTGRES_ENABLE_TLS").asText()).isEqualTo("true");
    }

    @Test
    void missingComposeFileIsOneClearLineAndExitCode1() throws Exception {
        CliRun r = CliRun.of("-C", Files.createDirectories(tmp.resolve("empty")).toString(), "status");

        assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).startsWith("error: ").contains("docker-compose.yml").doesNotContain("\tat ");
    }

    @Test
    void missingDirectoryIsOneClearLine() {
        CliRun r = CliRun.of("-C", tmp.resolve("nowhere").toString(), "status");

        assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).contains("nowhere: not a directory");
    }

    @Test
    void malformedEnvNamesTheLineAndChangesNothing() throws Exception {
        p.write(".env", "A=1\nnot a line\n");

        CliRun r = CliRun.of("-C", home, "config", "--set", "A=2");

        assertThat(r.code()).isEqualTo(ExitCode.FAILURE);
        assertThat(r.err()).contains(".env:2");
        assertThat(p.read(".env")).isEqualTo("A=1\nnot a line\n");
    }

    @Test
    void unknownCommitIsRefusedWithExit5AndChangesNothing() throws Exception {
        Map<String, String> before = FileTrees.checksums(p.home());

        CliRun r = CliRun.of("-C", home, "full", "--to", "deadbee");

        assertThat(r.code()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(r.err()).contains("commit 'deadbee' not found");
        Map<String, String> after = FileTrees.checksums(p.home());
        after.keySet().removeIf(k -> k.startsWith(".rollback/"));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void unknownServiceIsAUsageErrorListingTheKnownOnes() {
        CliRun r = CliRun.of("-C", home, "service", "mysqll", "--disable-tls");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("mysql", "postgres");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun r = CliRun.of("status", "--bogus");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--bogus").contains("rollback status --help");
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() {
        String env = p.read(".env");

        CliRun r = CliRun.of(
                "-C",
                home,
                "service",
                "mysql",
                "--revert-init",
                "--disable-tls",
                "--from",
                p.baseline().shortId(),
                "--no-restart",
                "--dry-run");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "revert-init",
                        "configs/mysql/scripts/init.sh",
                        "MYSQL_ENABLE_TLS=false",
                        "nothing was changed");
        assertThat(p.read(".env")).isEqualTo(env);
    }

    @Test
    void serviceRollbackRunsAndReportsItsSteps() {
        CliRun r = CliRun.of(
                "-C",
                home,
                "service",
                "mysql",
                "--revert-init",
                "--disable-tls",
                "--from",
                p.baseline().shortId(),
                "--no-restart");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "restored configs/mysql/scripts/init.sh",
                        "MYSQL_ENABLE_TLS: true -> false",
                        "Done: 4/4 steps",
                        "tls_enabled in secret/mysql will NOT be changed");
        assertThat(p.read("configs/mysql/scripts/init.sh")).contains("root token");
    }

    @Test
    void restartOfAServiceWithoutContainerIsRefusedInPreflight() {
        String env = p.read(".env");

        CliRun r = CliRun.of("-C", home, "service", "mysql", "--disable-tls", "--await-healthy", "5s");

        assertThat(r.code()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(r.err()).containsAnyOf("mysql: has no container", "no container engine answered");
        assertThat(p.read(".env")).isEqualTo(env);
    }

    @Test
    void malformedDurationIsAUsageError() {
        CliRun r = CliRun.of("-C", home, "service", "mysql", "--await-healthy", "soon");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("'soon' is not a duration");
    }

    @Test
    void envFromADirectoryOrADeviceSaysWhatItIsAndWhatToName() throws Exception {
        String env = p.read(".env");
        Path dir = Files.createDirectories(tmp.resolve("env-backups"));

        CliRun directory = CliRun.of("-C", home, "config", "--env-from", dir.toString());
        CliRun device = CliRun.of("-C", home, "config", "--env-from", "/dev/zero");
        CliRun missing = CliRun.of(
                "-C", home, "config", "--env-from", tmp.resolve("nowhere.env").toString());

        assertThat(directory.code()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(directory.err())
                .contains("env-backups is a directory", "name the saved .env file in it")
                .doesNotContain("does not exist");
        assertThat(device.code()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(device.err())
                .contains("/dev/zero is not a regular file", "name a saved .env file")
                .doesNotContain("does not exist");
        assertThat(missing.err()).contains("nowhere.env does not exist");
        assertThat(p.read(".env")).isEqualTo(env);
    }

    @Test
    void configSetOfASecretNeverPrintsTheValue() {
        CliRun r = CliRun.of("-C", home, "config", "--set", "POSTGRES_PASSWORD=hunter2-secret");

        assertThat(r.code()).isZero();
        assertThat(r.out() + r.err()).doesNotContain("hunter2-secret");
    }

    @Test
    void sandboxDrillOnFilesPassesAndPrintsItsChecks() {
        CliRun r = CliRun.of(
                "drill",
                "--sandbox",
                "--files-only",
                "--sandbox-dir",
                tmp.resolve("drill").toString());

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "Tier: files only",
                        "--files-only",
                        "▸ rollback",
                        "✓ git: commit",
                        "✓ vault keys: restored",
                        "Result: PASSED")
                .doesNotContain("✗");
        assertThat(Files.isDirectory(tmp.resolve("drill/.git"))).isTrue();
    }

    @Test
    void historyAndShowTellEveryRunAndAFailedOneHonestly() throws Exception {
        CliRun ok = CliRun.of("-C", home, "config", "--set", "MYSQL_ENABLE_TLS=false");
        Thread.sleep(1100); // run ids are by the second
        CliRun refused = CliRun.of("-C", home, "full", "--to", "1234567", "--json");

        CliRun history = CliRun.of("-C", home, "history");
        CliRun show = CliRun.of("-C", home, "show", "last");
        CliRun json = CliRun.of("-C", home, "history", "--json");

        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(refused.code()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(new ObjectMapper()
                        .readTree(refused.out())
                        .path("steps")
                        .get(0)
                        .path("status")
                        .asText())
                .isEqualTo("NOT_RUN");
        assertThat(history.out().lines().toList())
                .hasSize(2)
                .satisfiesExactly(
                        l -> assertThat(l).contains("refused", "full rollback to 1234567"),
                        l -> assertThat(l).contains("succeeded", "configuration rollback"));
        assertThat(show.out()).contains("refused", "not_run", "git-reset", "Journal: ");
        assertThat(new ObjectMapper().readTree(json.out())).hasSize(2);
    }

    @Test
    void undoPutsBackWhatTheLastRunChangedAndSaysSoFirstInADryRun() throws Exception {
        byte[] before = Files.readAllBytes(Path.of(home, ".env"));
        CliRun config = CliRun.of("-C", home, "config", "--set", "MYSQL_ENABLE_TLS=false");
        assertThat(config.code()).as(config.err()).isZero();

        CliRun dry = CliRun.of("-C", home, "undo", "--dry-run");
        CliRun undo = CliRun.of("-C", home, "undo", "last", "--json");
        CliRun again = CliRun.of("-C", home, "undo", config.out().replaceAll("(?s).*\\(run ([^;]+);.*", "$1"));

        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out())
                .contains("undo of run ", "files-restore", "put back .env", "Dry run: nothing was " + "changed");
        assertThat(undo.code()).as(undo.out() + undo.err()).isZero();
        assertThat(new ObjectMapper().readTree(undo.out()).path("steps"))
                .extracting(n -> n.path("name").asText())
                .containsExactly("undo-check", "files-restore", "undo-mark");
        assertThat(Files.readAllBytes(Path.of(home, ".env"))).isEqualTo(before);
        assertThat(again.code()).isEqualTo(ExitCode.PREFLIGHT_REFUSED);
        assertThat(again.err()).contains("undone already");
        assertThat(CliRun.of("-C", home, "history").out()).contains("(undone by ");
    }
}
