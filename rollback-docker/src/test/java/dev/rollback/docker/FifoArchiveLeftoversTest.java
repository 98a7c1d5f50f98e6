package dev.rollback.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The volume pipes' folders a killed process left in the temporary directory are removed by the next process; those
 * of a live process, and folders that are not ours by name, are left alone.
 */
class FifoArchiveLeftoversTest {
    @TempDir
    Path tmp;

    @Test
    void aDeadProcesssPipeFolderIsRemovedALiveOnesIsKept() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = Files.createDirectories(tmp.resolve(FifoArchive.PREFIX + gone.pid() + "-123"));
        Files.writeString(dead.resolve("tar"), "");
        Path live = Files.createDirectories(
                tmp.resolve(FifoArchive.PREFIX + ProcessHandle.current().pid() + "-456"));
        Path unnamed = Files.createDirectories(tmp.resolve(FifoArchive.PREFIX + "789"));
        Path other = Files.createDirectories(tmp.resolve("something-else"));

        assertThat(FifoArchive.sweep(tmp)).containsExactly(dead);

        assertThat(dead).doesNotExist();
        assertThat(live).isDirectory();
        assertThat(unnamed).isDirectory();
        assertThat(other).isDirectory();
    }
}
