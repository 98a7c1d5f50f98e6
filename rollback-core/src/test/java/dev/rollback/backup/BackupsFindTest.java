package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollback.env.Environment;
import dev.rollback.errors.IncompleteBackupException;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.spi.Connections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's way to name a set (id, latest, a directory), find its key, and back up through the connections. */
class BackupsFindTest {
    static final String PASS = "a long backup passphrase";

    @TempDir
    Path tmp;

    ProjectFixture p;
    Environment env;

    @BeforeEach
    void project() {
        p = ProjectFixture.create(tmp);
        env = p.environment();
    }

    @Test
    void aSetIsFoundByIdByLatestAndByDirectory() {
        BackupSet older = Backups.in(env).create();
        BackupSet newer = Backups.in(env).create();
        Backups backups = Backups.in(env);

        assertThat(backups.find("latest").dir()).isEqualTo(newer.dir());
        assertThat(backups.find(null).dir()).isEqualTo(newer.dir());
        assertThat(backups.find(older.manifest().id()).dir()).isEqualTo(older.dir());
        assertThat(backups.find(older.dir().toString()).dir()).isEqualTo(older.dir());
        assertThatThrownBy(() -> backups.find("19990101_000000"))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("no backup set '19990101_000000'", "rollback backups");
    }

    @Test
    void latestWithoutAnySetSaysHowToTakeOne() {
        assertThatThrownBy(() -> Backups.in(env).find("latest"))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("no backup set in", "rollback backup");
    }

    @Test
    void theKeyOfAnEncryptedSetComesFromThePassphraseFile() throws Exception {
        assumeTrue(System.getenv(Passphrases.VARIABLE) == null, "the passphrase variable is set in this process");
        BackupSet set = Backups.in(env).withPassphrase(PASS.toCharArray()).create();
        Path file = p.keyDir().resolve(Passphrases.FILE);
        Files.writeString(file, PASS + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Backups backups = Backups.in(env);

        VerifyOptions options = backups.verifyOptions(set, VerifyLevel.DECRYPT);
        VerificationReport r = set.verify(VerifyLevel.DECRYPT, options);

        assertThat(options.key()).isPresent();
        assertThat(options.expected()).isEqualTo(Backups.expected(env));
        assertThat(r.keyRefused()).isFalse();
        assertThat(r.checks())
                .filteredOn(c -> c.level() == VerifyLevel.DECRYPT)
                .isNotEmpty()
                .allMatch(VerificationReport.Check::passed);
        assertThat(backups.verifyOptions(set, VerifyLevel.CHECKSUMS).key()).isEmpty();
        assertThat(Backups.in(env).key(Backups.in(env).withoutVolumes().create()))
                .isNull();
    }

    @Test
    void anEncryptedSetWithoutPassphraseSaysWhereToPutIt() {
        assumeTrue(System.getenv(Passphrases.VARIABLE) == null, "the passphrase variable is set in this process");
        BackupSet set = Backups.in(env).withPassphrase(PASS.toCharArray()).create();

        assertThatThrownBy(() -> Backups.in(env).key(set))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("is encrypted and needs a passphrase", Passphrases.VARIABLE, Passphrases.FILE)
                .hasMessageNotContaining(PASS);
    }

    @Test
    void withoutAnEngineVolumesAreRefusedOrLeftOutOfAPartialBackup() {
        assertThat(env.catalog().volumes()).isNotEmpty();
        List<String> warnings = new ArrayList<>();
        try (Connections none = Connections.to(env)) {
            assertThatThrownBy(() -> Backups.in(env).withConnections(none).create())
                    .isInstanceOf(IncompleteBackupException.class)
                    .hasMessageContaining("no container engine answered", "--no-volumes", "--partial");

            Backups partial = Backups.in(env).withConnections(none).partial().withListener(e -> {
                if (e.type() == RollbackEvent.Type.WARNING) {
                    warnings.add(e.message());
                }
            });
            BackupSet set = partial.create();
            BackupSet without =
                    Backups.in(env).withConnections(none).withoutVolumes().create();

            assertThat(warnings)
                    .containsExactly("no container engine answered: volumes are not in this backup " + "(--partial)");
            assertThat(partial.leftOut())
                    .contains("volume:" + env.catalog().volumes().get(0).name());
            assertThat(set.manifest().artifacts()).noneMatch(a -> a.kind().equals("volume"));
            assertThat(without.manifest().artifacts()).noneMatch(a -> a.kind().equals("volume"));
        }
    }
}
