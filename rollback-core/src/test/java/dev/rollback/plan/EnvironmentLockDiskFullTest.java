package dev.rollback.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory on a small tmpfs filled to the last byte: the lock cannot be written. */
class EnvironmentLockDiskFullTest {
    @TempDir
    Path tmp;
    Path mount;

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", mount.toString());
        }
    }

    @Test
    void aLockThatCannotBeWrittenIsRemovedAndTheErrorSaysToFreeSpace() throws Exception {
        mount = tmp.resolve("small-disk");
        Files.createDirectories(mount);
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()) == 0,
                "needs root to mount a tmpfs");
        Path state = Files.createDirectories(mount.resolve(".rollback"));
        byte[] filler = new byte[4096];
        try (OutputStream out = Files.newOutputStream(mount.resolve("filler"))) {
            while (true) {
                out.write(filler);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left");
        }

        assertThatThrownBy(() -> EnvironmentLock.acquire(state, "full --to main"))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("cannot write the lock")
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("free space on the disk of " + state)
                .hasMessageContaining("nothing was changed");

        assertThat(state.resolve(EnvironmentLock.FILE)).doesNotExist();
        Files.delete(mount.resolve("filler"));
        try (EnvironmentLock lock = EnvironmentLock.acquire(state, "full --to main")) {
            assertThat(Files.readString(state.resolve(EnvironmentLock.FILE)))
                    .startsWith(ProcessHandle.current().pid() + "\n");
        }
    }
}
