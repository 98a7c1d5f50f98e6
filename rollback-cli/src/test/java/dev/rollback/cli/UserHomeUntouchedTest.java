package dev.rollback.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.validation.devstack.DevStackSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollback status} reads the project; it writes nothing into the user's home (JGit would cache its file
 * system measurements in {@code ~/.config/jgit/config}). A new JVM with a new, empty home, as a user's first run.
 */
class UserHomeUntouchedTest {
    @TempDir
    Path tmp;

    @Test
    void statusWritesNothingIntoTheUsersHome() throws Exception {
        DevStackSandbox s = DevStackSandbox.create(tmp.resolve("sandbox"), "main");
        Path home = Files.createDirectories(tmp.resolve("user-home"));
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Duser.home=" + home,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "-C",
                        s.home().toString(),
                        "status")
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out").toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("XDG_CONFIG_HOME");
        Process p = pb.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(p.exitValue()).as(Files.readString(tmp.resolve("out"))).isZero();
        assertThat(Files.readString(tmp.resolve("out"))).contains("vault");
        try (Stream<Path> written = Files.walk(home)) {
            assertThat(written.filter(f -> !f.equals(home)).toList())
                    .as("written into the home")
                    .isEqualTo(List.of());
        }
    }
}
