package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.Environment;
import dev.rollback.fixtures.ProjectFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decrypted .env and keys of a set being restored stay in the environment's private state folder. */
class SetRestoreTest {
    @TempDir
    Path tmp;

    @Test
    void decryptedPartsGoToAPrivateFolderOfTheStateDirectoryAndWhatADeadRunLeftIsRemoved() throws Exception {
        ProjectFixture p = ProjectFixture.create(tmp);
        Environment env = p.environment();
        char[] pass = "correct horse battery staple".toCharArray();
        BackupSet set = Backups.in(env).withPassphrase(pass).create();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path leftover = Files.createDirectories(env.stateDir().resolve("restore-" + gone.pid() + "-123"));
        Files.writeString(leftover.resolve("env"), "VAULT_TOKEN=left-by-a-killed-run\n");
        Path live = Files.createDirectories(
                env.stateDir().resolve("restore-" + ProcessHandle.current().pid() + "-456"));

        Path scratch;
        try (SetRestore r = SetRestore.open(set, set.key(pass), env.stateDir())) {
            Path envCopy = r.envFile().orElseThrow();
            scratch = envCopy.getParent();
            assertThat(scratch.getParent()).isEqualTo(env.stateDir());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(scratch)))
                    .isEqualTo("rwx------");
            assertThat(Files.mismatch(envCopy, p.home().resolve(".env"))).isEqualTo(-1);
            assertThat(leftover).doesNotExist();
            assertThat(live).exists();
        }
        assertThat(scratch).doesNotExist();
    }
}
