package dev.rollback.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates files and directories that may hold secrets or user data: directories 0700, files 0600.
 *
 * <p>{@code SecureFiles.createPrivateDirectories(runDir.resolve("safety"));}
 */
public final class SecureFiles {
    public static final Set<PosixFilePermission> DIR_0700 = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE_0600 = PosixFilePermissions.fromString("rw-------");

    private SecureFiles() {}

    /** Creates the directory and missing parents; the directories it creates get mode 0700. */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createPrivateDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_0700));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
        return dir;
    }

    /**
     * Whether anyone but the owner has a permission on the file or directory (its group or others); false on a file
     * system without POSIX modes, where there is nothing to check.
     *
     * <p>{@code if (SecureFiles.isOpenToOthers(keyFile)) refuse("chmod 600 " + keyFile);}
     */
    public static boolean isOpenToOthers(Path file, LinkOption... options) throws IOException {
        try {
            return Files.getPosixFilePermissions(file, options).stream()
                    .anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"));
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    /**
     * Writes {@code text} to a file that is 0600 from its first byte (its folders 0700), replacing what it held.
     *
     * <p>{@code SecureFiles.writePrivate(keyDir.resolve("root-token"), token + "\n");}
     */
    public static void writePrivate(Path file, String text) throws IOException {
        createPrivateDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_0600));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Sets mode 0600 on a file, where the file system has POSIX modes. */
    public static void makePrivate(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, Files.isDirectory(file) ? DIR_0700 : FILE_0600);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to set
        }
    }
}
