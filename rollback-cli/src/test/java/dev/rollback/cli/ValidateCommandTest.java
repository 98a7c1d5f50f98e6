package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.errors.ExitCode;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollback validate} on a DevStack Core-shaped project without Docker: the checks that need no engine. */
class ValidateCommandTest {
    static final String PASS = "validate test passphrase, long enough";

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
    void helpNamesEveryOptionTheExitCodesAndExamples() {
        CliRun r = CliRun.of("validate", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "Usage: rollback validate",
                        "--pre",
                        "--against=<set>",
                        "--only=<group|id>",
                        "--service=<name>",
                        "--format=<format>",
                        "--output=<file>",
                        "--since=<duration>",
                        "--tests=<command>",
                        "--list",
                        "0 every check that ran passed, 4 a check failed",
                        "  rollback validate --format junit --output validation.xml");
    }

    @Test
    void listNamesTheChecksAndRunsNone() {
        CliRun post = CliRun.of("-C", home, "validate", "--list");
        CliRun pre = CliRun.of("-C", home, "validate", "--pre", "--list");

        assertThat(post.code()).as(post.err()).isZero();
        assertThat(post.out())
                .contains("Post-rollback checklist: ", "Dry run: nothing was checked.")
                .containsPattern("git\\.branch +git +On the baseline branch")
                .containsPattern("services\\.running +services +Every service running")
                .containsPattern("files\\.env +files +\\.env equal to the backup set's")
                .contains("vault.unsealed", "files.keys-mode", "logs.");
        assertThat(post.err()).as("no check ran").doesNotContain("✓", "✗");
        assertThat(pre.out()).contains("Pre-rollback checklist: 3 checks", "backup.present", "backup.intact");
        assertThat(pre.out()).doesNotContain("git.branch");
    }

    @Test
    void listAsJsonHasEachCheckIdGroupAndTitle() throws Exception {
        CliRun r = CliRun.of("-C", home, "validate", "--list", "--only", "git,files.env", "--format", "json");

        JsonNode checks = new ObjectMapper().readTree(r.out());
        assertThat(ids(checks)).containsExactly("git.branch", "git.commit", "git.clean", "files.env");
        assertThat(checks.get(3).get("group").asText()).isEqualTo("files");
        assertThat(checks.get(0).get("title").asText()).isEqualTo("On the baseline branch");
    }

    @Test
    void onlyGitReportsTheGitChecksAsJson() throws Exception {
        CliRun clean = CliRun.of("-C", home, "validate", "--only", "git", "--format", "json");
        p.write("notes.txt", "untracked work\n");
        CliRun dirty = CliRun.of("-C", home, "validate", "--only", "git", "--format", "json");

        assertThat(clean.code()).as(clean.err()).isEqualTo(ExitCode.SUCCESS);
        JsonNode report = new ObjectMapper().readTree(clean.out());
        assertThat(report.get("scope").asText()).isEqualTo("post-rollback");
        assertThat(ids(report.get("checks"))).containsExactly("git.branch", "git.commit", "git.clean");
        assertThat(report.at("/checks/0/status").asText()).isEqualTo("passed");
        assertThat(report.at("/checks/0/found").asText()).isEqualTo("main");
        assertThat(report.at("/checks/1/status").asText())
                .as("no baseline commit")
                .isEqualTo("skipped");
        assertThat(report.at("/checks/2/status").asText()).isEqualTo("passed");
        assertThat(clean.err()).as("no progress lines around a JSON report").isEmpty();

        assertThat(dirty.code()).isEqualTo(ExitCode.VERIFICATION_FAILED);
        JsonNode failed = new ObjectMapper().readTree(dirty.out());
        assertThat(failed.get("passed").asBoolean()).isFalse();
        assertThat(failed.at("/checks/2/status").asText()).isEqualTo("failed");
        assertThat(failed.at("/checks/2/found").asText()).contains("notes.txt");
        assertThat(failed.at("/checks/2/todo").asText()).contains("git stash -u");
    }

    @Test
    void textReportOnStdoutWithOneProgressLinePerCheckOnStderr() {
        CliRun r = CliRun.of("-C", home, "validate", "--only", "git.branch,git.commit");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("  ✓ git\\.branch \\d+ms\\n").contains("  – git.commit skipped");
        assertThat(r.err().lines().count()).isEqualTo(2);
        assertThat(r.out())
                .contains("Validation post-rollback", "✓ On the baseline branch [git.branch]", "no baseline commit")
                .contains("PASSED: 1 passed, 0 failed, 1 skipped");
    }

    @Test
    void junitReportGoesToTheFileAndTheVerdictToStdout() throws Exception {
        p.write("rollback.yaml", "vault_key_dir: " + p.keyDir() + "\n");
        Path file = tmp.resolve("reports/f.xml");

        CliRun r =
                CliRun.of("-C", home, "validate", "--only", "files", "--format", "junit", "--output", file.toString());

        assertThat(file).isRegularFile();
        String xml = Files.readString(file);
        assertThat(xml)
                .startsWith("<?xml")
                .contains("<testsuite name=\"rollback validate post-rollback\"", "</testsuite>")
                .contains("classname=\"files\" name=\"files.env: ", "name=\"files.keys: ", "name=\"files.keys-mode: ");
        assertThat(r.out().lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .matches("(PASSED|FAILED): \\d+ passed, \\d+ failed, \\d+ skipped in .*")
                        .endsWith("; report: " + file));
        assertThat(r.err()).contains("files.env", "files.keys-mode");
        assertThat(r.code()).isIn(ExitCode.SUCCESS, ExitCode.VERIFICATION_FAILED);
    }

    @Test
    void anEncryptedSetIsComparedWithThePassphraseAndSkippedWithoutIt() throws Exception {
        p.write("rollback.yaml", "vault_key_dir: " + p.keyDir() + "\n");
        Path passFile = p.keyDir().resolve("backup-passphrase");
        Files.writeString(passFile, PASS + "\n");
        Files.setPosixFilePermissions(passFile, PosixFilePermissions.fromString("rw-------"));
        CliRun backup = CliRun.of("-C", home, "backup", "--encrypt", "--no-databases", "--no-volumes");
        assertThat(backup.code()).as(backup.err()).isZero();

        CliRun with = CliRun.of("-C", home, "validate", "--only", "files.env,files.keys", "--format", "json");
        Files.delete(passFile);
        CliRun without = CliRun.of("-C", home, "validate", "--only", "files.env", "--against", "latest");

        JsonNode report = new ObjectMapper().readTree(with.out());
        assertThat(report.at("/checks/0/id").asText()).isEqualTo("files.env");
        assertThat(report.at("/checks/0/status").asText()).as(with.out()).isEqualTo("passed");
        assertThat(report.at("/checks/1/status").asText()).as(with.out()).isEqualTo("passed");
        assertThat(without.code()).isZero();
        assertThat(without.err())
                .contains("is encrypted and no passphrase is set", "ROLLBACK_BACKUP_PASSPHRASE", "– files.env skipped");
        assertThat(without.out()).contains("[files.env] skipped");
        assertThat(with.out() + with.err() + without.out() + without.err()).doesNotContain(PASS);
    }

    private static List<String> ids(JsonNode checks) {
        List<String> ids = new ArrayList<>();
        checks.forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }
}
