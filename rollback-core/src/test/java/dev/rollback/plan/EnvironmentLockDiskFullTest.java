package dev.rollback.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollback.errors.RollbackException;
import dev.rollback.fixtures.SmallDisk;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory on a small tmpfs filled to the last byte: the lock cannot be written. */
class EnvironmentLockDiskFullTest {
    @TempDir
    Path tmp;

    @Test
    void aLockThatCannotBeWrittenIsRemovedAndTheErrorSaysToFreeSpace() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("small-disk"), "64k")) {
            assumeTrue(disk.mounted(), "needs root to mount a tmpfs");
            Path mount = disk.path();
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
}
