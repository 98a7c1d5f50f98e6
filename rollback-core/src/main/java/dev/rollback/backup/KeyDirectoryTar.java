package dev.rollback.backup;

import dev.rollback.io.SecureFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A directory as a tar stream and back, keeping POSIX modes (the Vault key directory's 0600 keys stay 0600).
 *
 * <p>{@code KeyDirectoryTar.write(env.vaultKeyDir(), out); KeyDirectoryTar.extract(in, scratch);}
 */
final class KeyDirectoryTar {
    private KeyDirectoryTar() {}

    /** The files without which a key directory copy cannot unseal Vault or log in to it. */
    static final List<String> REQUIRED = List.of("keys.json", "root-token");

    /**
     * Writes the directory's regular files and folders (links inside it are not followed or copied). A directory
     * that is itself a link, or that holds no regular file, is refused: an empty key copy is never stored.
     */
    static void write(Path dir, OutputStream out) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(
                    "the key directory " + dir + " is a symbolic link; back up its target (" + dir.toRealPath() + ")");
        }
        if (files(dir).isEmpty()) {
            throw new IOException("the key directory " + dir + " holds no files; an empty key copy is never stored");
        }
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.filter(p -> !p.equals(dir)).sorted().toList();
        }
        for (Path p : all) {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            TarArchiveEntry e =
                    new TarArchiveEntry(p.toFile(), dir.relativize(p).toString().replace('\\', '/'));
            e.setMode(mode(p) | (Files.isDirectory(p) ? 040000 : 0100000));
            tar.putArchiveEntry(e);
            if (Files.isRegularFile(p)) {
                Files.copy(p, tar);
            }
            tar.closeArchiveEntry();
        }
        tar.finish();
    }

    /** The regular files {@link #write} copies, as relative names ({@code keys.json}, {@code ca/ca.pem}), sorted. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    /** The links inside the directory, which {@link #write} leaves out, as relative names. */
    static List<String> links(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isSymbolicLink)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    /** The names of the regular files in a tar stream {@link #write} produced. */
    static List<String> names(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            if (e.isFile()) {
                out.add(e.getName());
            }
        }
        return out;
    }

    /** The directory as a tar stream (key directories are a few KB, so it is built in memory). */
    static InputStream stream(Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(dir, out);
        return new ByteArrayInputStream(out.toByteArray());
    }

    static void extract(InputStream in, Path target) throws IOException {
        SecureFiles.createPrivateDirectories(target);
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            Path p = target.resolve(e.getName()).normalize();
            if (!p.startsWith(target)) {
                throw new IOException("archive entry " + e.getName() + " points outside the target");
            }
            if (e.isDirectory()) {
                SecureFiles.createPrivateDirectories(p);
            } else {
                SecureFiles.createPrivateDirectories(p.getParent());
                Files.copy(tar, p);
            }
            Files.setPosixFilePermissions(p, perms(e.getMode()));
        }
    }

    private static int mode(Path p) throws IOException {
        int m = 0;
        for (PosixFilePermission perm : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) {
            m |= 1 << (8 - perm.ordinal());
        }
        return m;
    }

    private static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission perm : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - perm.ordinal()))) != 0) {
                out.add(perm);
            }
        }
        return out;
    }
}
