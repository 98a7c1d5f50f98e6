package dev.rollback.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.errors.EnvironmentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileSaveTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-14T08:50:07Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void saveKeepsTheOldFileAsTimestampedCopyWithItsMode() throws Exception {
        Path file = DevstackFixture.write(dir.resolve(".env"), "# c\nMYSQL_ENABLE_TLS=true\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        EnvFile env = EnvFile.load(file).set("MYSQL_ENABLE_TLS", "false");

        Optional<Path> copy = env.save(CLOCK);

        assertThat(copy).contains(dir.resolve(".env.rollback-20251114_085007"));
        assertThat(Files.readString(copy.orElseThrow())).isEqualTo("# c\nMYSQL_ENABLE_TLS=true\n");
        assertThat(Files.readString(file)).isEqualTo("# c\nMYSQL_ENABLE_TLS=false\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.orElseThrow())))
                .isEqualTo("rw-------");
        assertThat(env.isModified()).isFalse();
    }

    @Test
    void saveKeepsAGroupReadableModeToo() throws Exception {
        Path file = DevstackFixture.write(dir.resolve(".env"), "A=1\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        EnvFile.load(file).set("A", "2").save(CLOCK);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r-----");
    }

    @Test
    void saveAddsANumberWhenTheCopyNameIsTaken() throws Exception {
        Path file = DevstackFixture.write(dir.resolve(".env"), "A=1\n");
        DevstackFixture.write(dir.resolve(".env.rollback-20251114_085007"), "older\n");
        DevstackFixture.write(dir.resolve(".env.rollback-20251114_085007-1"), "older still\n");

        Optional<Path> copy = EnvFile.load(file).set("A", "2").save(CLOCK);

        assertThat(copy).contains(dir.resolve(".env.rollback-20251114_085007-2"));
        assertThat(Files.readString(dir.resolve(".env.rollback-20251114_085007")))
                .isEqualTo("older\n");
        assertThat(Files.readString(copy.orElseThrow())).isEqualTo("A=1\n");
    }

    @Test
    void saveOfANewFileMakesNoCopyAndCreatesItPrivate() throws Exception {
        Path file = dir.resolve(".env");

        Optional<Path> copy = EnvFile.parse("", file).set("A", "1").save(CLOCK);

        assertThat(copy).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("A=1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void saveLeavesNoTempFilesBehind() throws Exception {
        Path file = DevstackFixture.write(dir.resolve(".env"), "A=1\n");

        EnvFile.load(file).set("A", "2").save(CLOCK);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(".env", ".env.rollback-20251114_085007");
        }
    }

    @Test
    void saveThroughASymlinkReplacesTheTargetAndKeepsTheLink() throws Exception {
        Path real = DevstackFixture.write(dir.resolve("real.env"), "A=1\n");
        Path link = Files.createSymbolicLink(dir.resolve(".env"), real);

        EnvFile.load(link).set("A", "2").save(CLOCK);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("A=2\n");
    }

    @Test
    void saveToWritesElsewhereWithoutCopyAndKeepsTheTargetMode() throws Exception {
        Path source = DevstackFixture.write(dir.resolve(".env"), "A=1\n");
        Path target = DevstackFixture.write(dir.resolve("other.env"), "old\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

        EnvFile.load(source).set("A", "2").saveTo(target);

        assertThat(Files.readString(target)).isEqualTo("A=2\n");
        assertThat(Files.readString(source)).isEqualTo("A=1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .isEqualTo("rw-r--r--");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void saveIntoAMissingDirectoryFailsNamingTheFile() {
        Path file = dir.resolve("gone").resolve(".env");
        EnvFile env = EnvFile.parse("A=1\n", file);

        assertThatThrownBy(() -> env.saveTo(file))
                .isInstanceOfSatisfying(
                        EnvironmentException.class, e -> assertThat(e.file()).isEqualTo(file))
                .hasMessageContaining("cannot write");
    }

    @Test
    void saveWithTheSystemClockNamesTheCopyByDateAndTime() throws Exception {
        Path file = DevstackFixture.write(dir.resolve(".env"), "A=1\n");

        Optional<Path> copy = EnvFile.load(file).set("A", "2").save();

        assertThat(copy.orElseThrow().getFileName().toString()).matches("\\.env\\.rollback-\\d{8}_\\d{6}");
    }
}
