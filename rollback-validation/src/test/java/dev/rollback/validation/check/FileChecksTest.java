package dev.rollback.validation.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.backup.BackupSet;
import dev.rollback.backup.Backups;
import dev.rollback.env.Environment;
import dev.rollback.errors.UsageException;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.validation.Validation;
import dev.rollback.validation.report.CheckOutcome;
import dev.rollback.validation.report.CheckStatus;
import dev.rollback.validation.report.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file checks against a real backup set: .env, the key files and their modes (no engine needed). */
class FileChecksTest {
    @TempDir
    Path tmp;

    ProjectFixture p;
    Environment env;
    BackupSet set;

    @BeforeEach
    void aSetOfThisEnvironment() throws Exception {
        p = ProjectFixture.create(tmp);
        env = p.environment();
        for (String f : List.of("keys.json", "root-token")) { // as Vault's init leaves them
            Files.setPosixFilePermissions(p.keyDir().resolve(f), PosixFilePermissions.fromString("rw-------"));
        }
        set = Backups.in(env).withoutVolumes().withContributors(List.of()).create();
    }

    private ValidationReport files() {
        return Validation.of(env).against(set).only(List.of("files")).run();
    }

    private static CheckOutcome outcome(ValidationReport r, String id) {
        return r.outcomes().stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void anUntouchedEnvironmentPasses() {
        ValidationReport r = files();

        assertThat(r.outcomes())
                .extracting(CheckOutcome::id)
                .containsExactly("files.env", "files.keys", "files.keys-mode");
        assertThat(r.outcomes())
                .allSatisfy(o -> assertThat(o.status()).as(o.id()).isEqualTo(CheckStatus.PASSED));
    }

    @Test
    void aChangedEnvLineNamesTheVariableNotItsValues() throws Exception {
        Path dotEnv = env.envFile();
        String before = Files.readString(dotEnv);
        Files.writeString(dotEnv, before + "SECRET_FLAG=s3cr3t-value\n");

        CheckOutcome o = outcome(files(), "files.env");

        assertThat(o.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(o.found()).isEqualTo("SECRET_FLAG added");
        assertThat(o.found() + o.expected() + o.todo()).doesNotContain("s3cr3t-value");
        assertThat(o.todo())
                .contains("rollback full --from-backup " + set.manifest().id());
    }

    @Test
    void aKeyFileWithOtherContentFailsFilesKeysOnly() throws Exception {
        Files.writeString(p.keyDir().resolve("root-token"), "hvs.another-token\n");

        ValidationReport r = files();

        assertThat(outcome(r, "files.keys").found()).isEqualTo("root-token differs");
        assertThat(r.failures()).extracting(CheckOutcome::id).containsExactly("files.keys");
    }

    @Test
    void aKeyFileOpenToOthersFailsFilesKeysModeOnly() throws Exception {
        Files.setPosixFilePermissions(p.keyDir().resolve("keys.json"), PosixFilePermissions.fromString("rw-r--r--"));

        ValidationReport r = files();

        assertThat(r.failures()).extracting(CheckOutcome::id).containsExactly("files.keys-mode");
        assertThat(outcome(r, "files.keys-mode").found()).isEqualTo("keys.json is rw-r--r--");
        assertThat(r.exitCode()).isEqualTo(4);
    }

    @Test
    void withoutASetTheComparisonsAreSkippedNotPassed() throws Exception {
        Files.walk(env.backupRoot())
                .sorted((a, b) -> b.compareTo(a))
                .forEach(f -> f.toFile().delete());

        ValidationReport r = Validation.of(env).only(List.of("files")).run();

        assertThat(outcome(r, "files.env").status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(outcome(r, "files.env").reason()).contains("no backup set to compare with");
        assertThat(outcome(r, "files.keys-mode").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.passed()).isTrue();
    }

    @Test
    void anUnknownGroupIsAUsageErrorButARollbacksOwnListTakesWhatIsThere() {
        assertThatThrownBy(() -> Validation.of(env)
                        .against(set)
                        .only(List.of("files", "vault.kv-data"))
                        .run())
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("no check group or id 'vault.kv-data'");

        ValidationReport r = Validation.of(env)
                .against(set)
                .onlyWhereAvailable(List.of("files.env", "vault.kv-data"))
                .run();

        assertThat(r.outcomes()).extracting(CheckOutcome::id).containsExactly("files.env");
    }
}
