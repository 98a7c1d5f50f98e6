package dev.rollback.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path tmp;

    @Test
    void copyKeepsContentAndModes() throws Exception {
        Path from = tmp.resolve("keys");
        Files.createDirectories(from.resolve("approles/postgres"));
        Files.writeString(from.resolve("keys.json"), "{\"root_token\":\"x\"}");
        Files.writeString(from.resolve("approles/postgres/role-id"), "r");
        Files.setPosixFilePermissions(from.resolve("keys.json"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(
                from.resolve("approles/postgres/role-id"), PosixFilePermissions.fromString("rw-r-----"));

        FileTrees.copy(from, tmp.resolve("copy"));

        assertThat(FileTrees.checksums(tmp.resolve("copy")))
                .isEqualTo(FileTrees.checksums(from))
                .hasSize(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("copy/keys.json"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(tmp.resolve("copy/approles/postgres/role-id"))))
                .isEqualTo("rw-r-----");
    }

    @Test
    void checksumsNameFilesByRelativePathWithSha256() throws Exception {
        Files.writeString(tmp.resolve("a"), "abc");

        assertThat(FileTrees.checksums(tmp))
                .containsEntry("a", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void moveLeavesNothingBehindAndKeepsBytes() throws Exception {
        Files.createDirectories(tmp.resolve("a/b"));
        Files.writeString(tmp.resolve("a/b/c"), "data");

        FileTrees.move(tmp.resolve("a"), tmp.resolve("safe/a"));

        assertThat(tmp.resolve("a")).doesNotExist();
        assertThat(tmp.resolve("safe/a/b/c")).hasContent("data");
    }

    @Test
    void createPrivateDirectoriesMakesMode0700() throws Exception {
        Path d = SecureFiles.createPrivateDirectories(tmp.resolve("x/y"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d)))
                .isEqualTo("rwx------");
    }
}
