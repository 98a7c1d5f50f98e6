package dev.rollback.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Copies, moves and checksums directory trees, keeping POSIX modes.
 *
 * <p>{@code Map<String, String> sums = FileTrees.checksums(keyDir); // "keys.json" -> sha256 hex}
 */
public final class FileTrees {
    private FileTrees() {}

    /** sha256 of every regular file under {@code root}, by path relative to it ('/'-separated), sorted. */
    public static Map<String, String> checksums(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p :
                    (Iterable<Path>) walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))::iterator) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Sha256.of(p));
            }
        }
        return out;
    }

    /** Copies {@code from} into {@code to} (created), keeping modes; directories it creates are 0700 at least. */
    public static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path src : (Iterable<Path>) walk::iterator) {
                Path dst = to.resolve(from.relativize(src).toString());
                if (Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
                    SecureFiles.createPrivateDirectories(dst);
                } else {
                    Files.copy(
                            src,
                            dst,
                            StandardCopyOption.COPY_ATTRIBUTES,
                            StandardCopyOption.REPLACE_EXISTING,
                            LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path src : (Iterable<Path>) walk.filter(Files::isDirectory)::iterator) {
                copyMode(src, to.resolve(from.relativize(src).toString()));
            }
        }
    }

    /** Moves a tree: a rename where possible, else copy then delete the original. */
    public static void move(Path from, Path to) throws IOException {
        SecureFiles.createPrivateDirectories(to.toAbsolutePath().getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
            // another file system: copied under a temporary name and renamed once whole, so that {@code to} exists
            // only complete (a kill half way leaves {@code from} as it was), and only then is {@code from} removed
            Path partial = to.resolveSibling(to.getFileName() + ".partial");
            if (Files.exists(partial)) {
                delete(partial);
            }
            copy(from, partial);
            if (!checksums(from).equals(checksums(partial))) {
                delete(partial);
                throw new IOException("copy of " + from + " to " + to + " does not match; original kept");
            }
            Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
            delete(from);
        }
    }

    /** Deletes a tree (children first). Only for trees this tool created or has verified copies of. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all =
                    walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList();
            for (Path p : all) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void copyMode(Path src, Path dst) throws IOException {
        try {
            Files.setPosixFilePermissions(dst, Files.getPosixFilePermissions(src));
        } catch (UnsupportedOperationException e) {
            // not POSIX
        }
    }
}
