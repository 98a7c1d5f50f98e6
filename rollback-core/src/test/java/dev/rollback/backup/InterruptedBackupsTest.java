package dev.rollback.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.Environment;
import dev.rollback.fixtures.ProjectFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a stopped backup leaves ({@code <id>.partial}) is listed and pruned; what a running one writes, in this
 * process or another, is not. The other process is a real JVM holding the writer's lock, then killed.
 */
class InterruptedBackupsTest {
    @TempDir
    Path tmp;

    Environment env;
    Path root;

    @BeforeEach
    void project() throws Exception {
        env = ProjectFixture.create(tmp.resolve("project")).environment();
        root = env.backupRoot();
        Files.createDirectories(root);
    }

    @Test
    void aSetBeingWrittenHereIsNotListedAndAStoppedOneIsListedAndPruned() throws Exception {
        BackupSet kept = Backups.in(env).create();
        Path stopped = Files.createDirectories(root.resolve("20250101_000000.partial"));
        Files.write(stopped.resolve("volume-data.tar.zst"), new byte[1234]);
        Files.createFile(stopped.resolve(PartialSets.LOCK_FILE)); // its writer ended: nobody holds the lock

        try (BackupWriter w = BackupWriter.create(root, "20250102_000000", null, null, 3)) {
            assertThat(Backups.in(env).interrupted())
                    .extracting(Backups.InterruptedSet::name)
                    .containsExactly("20250101_000000.partial");
            assertThat(Backups.in(env).interrupted().get(0).bytes()).isEqualTo(1234);

            List<String> gone = Backups.in(env).prune(10, 0);

            assertThat(gone).containsExactly("20250101_000000.partial");
            assertThat(stopped).doesNotExist();
            assertThat(root.resolve("20250102_000000.partial")).isDirectory(); // the running one is untouched
        }
        assertThat(Backups.in(env).list())
                .extracting(b -> b.manifest().id())
                .containsExactly(kept.manifest().id());
        assertThat(kept.dir().resolve(PartialSets.LOCK_FILE)).doesNotExist(); // a finished set holds no lock file
    }

    @Test
    void aFolderWithoutALockFileCountsOnlyOnceItHasBeenQuietForAnHour() throws Exception {
        Path older = Files.createDirectories(root.resolve("20240101_000000.partial"));
        Path fresh = Files.createDirectories(root.resolve("20240102_000000.partial"));
        Files.setLastModifiedTime(older, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertThat(Backups.in(env).interrupted())
                .extracting(Backups.InterruptedSet::name)
                .containsExactly("20240101_000000.partial");
        assertThat(fresh).isDirectory();
    }

    @Test
    void aSetAnotherProcessWritesIsLeftAloneUntilThatProcessIsKilled() throws Exception {
        Path partial = Files.createDirectories(root.resolve("20250103_000000.partial"));
        Path holder = tmp.resolve("Hold.java");
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Hold {
                    public static void main(String[] a) throws Exception {
                        FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                        ch.lock();
                        System.out.println("locked");
                        Thread.sleep(600_000);
                    }
                }
                """);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(
                        java.toString(),
                        holder.toString(),
                        partial.resolve(PartialSets.LOCK_FILE).toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThat(Backups.in(env).interrupted()).isEmpty();
            assertThat(Backups.in(env).prune(0, 0)).isEmpty();
            assertThat(partial).isDirectory();

            p.destroyForcibly(); // as kill -9: the kernel drops the lock
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(Backups.in(env).interrupted())
                    .extracting(Backups.InterruptedSet::name)
                    .containsExactly("20250103_000000.partial");
        } finally {
            p.destroyForcibly();
        }
    }
}
