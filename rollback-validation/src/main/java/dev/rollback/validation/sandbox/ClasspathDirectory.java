package dev.rollback.validation.sandbox;

import dev.rollback.io.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A directory of jars written from code sources, as {@link ServerClasspath#materialize(Path)} makes it.
 *
 * <p>{@code ClasspathDirectory d = ServerClasspath.of(HTTP_STAND_IN).materialize(dir); d.written() // empty the
 * second time}
 *
 * <p>A jar is hard-linked into the directory and keeps its file name, with a short hash of its path added only when
 * two jars share a name. It is copied instead (with its modification time) where a link cannot be made, and when it
 * is a build's output that the next build rewrites in place (in a {@code target} directory, or a {@code -SNAPSHOT}
 * jar): a link would change it under a running server. A class directory
 * ({@code target/classes} when running from a build) is zipped into {@code <module>-classes.jar} with its entries
 * sorted and a fixed time, its content's fingerprint (paths, sizes, modification times) in the zip comment. A file
 * that is already the same link, the same size and time, or the same fingerprint is left alone, so writing the same
 * class path again changes nothing; new files replace old ones by an atomic rename (a running JVM keeps the old).
 * Jars in the directory that are not in the class path are removed, so it holds exactly the class path. Files are
 * readable by all (class files are no secret), for servers that run as another user.
 *
 * @param dir the directory
 * @param jars its jars, in class path order
 * @param written those created or replaced by this call
 * @param removed jars removed because they are no longer in the class path
 */
public record ClasspathDirectory(Path dir, List<Path> jars, List<Path> written, List<Path> removed) {
    private static final String COMMENT = "rollback-classpath ";
    private static final String TEMP_PREFIX = ".classpath-";
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    /** Copies of the lists. */
    public ClasspathDirectory {
        jars = List.copyOf(jars);
        written = List.copyOf(written);
        removed = List.copyOf(removed);
    }

    static ClasspathDirectory write(Path dir, List<Path> sources) throws IOException {
        Files.createDirectories(dir);
        Map<Path, String> names = names(sources);
        List<Path> jars = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        for (Path source : sources) {
            Path target = dir.resolve(names.get(source));
            jars.add(target);
            boolean changed = Files.isDirectory(source) ? zipIfChanged(source, target) : linkIfChanged(source, target);
            if (changed) {
                written.add(target);
            }
        }
        List<Path> removed = new ArrayList<>();
        Set<Path> keep = new HashSet<>(jars);
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                boolean staleJar = name.endsWith(".jar") && !keep.contains(p) && Files.isRegularFile(p);
                if (staleJar || (name.startsWith(TEMP_PREFIX) && name.endsWith(".tmp"))) {
                    Files.deleteIfExists(p);
                    if (staleJar) {
                        removed.add(p);
                    }
                }
            }
        }
        return new ClasspathDirectory(dir, jars, written, removed);
    }

    /** Each source's file name in the directory: stable, and unique within the class path. */
    static Map<Path, String> names(List<Path> sources) {
        Map<String, Integer> uses = new HashMap<>();
        Map<Path, String> plain = new HashMap<>();
        for (Path s : sources) {
            String name = plainName(s);
            plain.put(s, name);
            uses.merge(name, 1, Integer::sum);
        }
        Map<Path, String> names = new HashMap<>();
        for (Path s : sources) {
            String name = plain.get(s);
            if (uses.get(name) > 1) {
                name = name.substring(0, name.length() - ".jar".length()) + "-" + shortHash(s.toString()) + ".jar";
            }
            names.put(s, name);
        }
        return names;
    }

    private static String plainName(Path source) {
        String name = source.getFileName().toString();
        if (!Files.isDirectory(source)) {
            return name.endsWith(".jar") ? name : name + ".jar";
        }
        Path target = source.getParent();
        if (target != null
                && target.getFileName() != null
                && target.getFileName().toString().equals("target")
                && target.getParent() != null
                && target.getParent().getFileName() != null
                && (name.equals("classes") || name.equals("test-classes"))) {
            return target.getParent().getFileName() + "-" + name + ".jar";
        }
        return name + "-" + shortHash(source.toString()) + ".jar";
    }

    private static boolean linkIfChanged(Path source, Path target) throws IOException {
        if (Files.exists(target)) {
            BasicFileAttributes s = Files.readAttributes(source, BasicFileAttributes.class);
            BasicFileAttributes t = Files.readAttributes(target, BasicFileAttributes.class);
            boolean unchanged = Files.isSameFile(source, target)
                    ? !rewrittenInPlace(source)
                    // a copy's time is the source's to the microsecond only
                    : s.size() == t.size()
                            && s.lastModifiedTime().toMillis()
                                    == t.lastModifiedTime().toMillis();
            if (unchanged) {
                return false;
            }
        }
        Path tmp = temp(target.getParent());
        try {
            Files.delete(tmp);
            boolean linked = false;
            if (!rewrittenInPlace(source)) {
                try {
                    Files.createLink(tmp, source);
                    linked = true;
                } catch (FileSystemException | UnsupportedOperationException e) {
                    // another file system, or links not allowed: a copy
                }
            }
            if (!linked) {
                Files.copy(source, tmp, StandardCopyOption.COPY_ATTRIBUTES); // with the source's time
                readableByAll(tmp, "rw-r--r--");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    /** Whether a build rewrites the jar in place: its output directory, or a snapshot. */
    static boolean rewrittenInPlace(Path jar) {
        Path parent = jar.getParent();
        return jar.getFileName().toString().contains("-SNAPSHOT")
                || (parent != null
                        && parent.getFileName() != null
                        && parent.getFileName().toString().equals("target"));
    }

    private static boolean zipIfChanged(Path classes, Path target) throws IOException {
        TreeMap<String, Path> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(p -> !p.equals(classes)).toList()) {
                String name = classes.relativize(p).toString().replace('\\', '/');
                entries.put(Files.isDirectory(p) ? name + "/" : name, p);
            }
        }
        MessageDigest sha = Sha256.digest();
        for (Map.Entry<String, Path> e : entries.entrySet()) {
            if (!e.getKey().endsWith("/")) {
                BasicFileAttributes a = Files.readAttributes(e.getValue(), BasicFileAttributes.class);
                sha.update((e.getKey() + "\0" + a.size() + "\0"
                                + a.lastModifiedTime().toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        String comment = COMMENT + Sha256.hex(sha);
        if (Files.isRegularFile(target) && comment.equals(commentOf(target))) {
            return false;
        }
        Path tmp = temp(target.getParent());
        try {
            try (OutputStream file = Files.newOutputStream(tmp);
                    ZipOutputStream zip = new ZipOutputStream(file)) {
                for (Map.Entry<String, Path> e : entries.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    entry.setTimeLocal(ENTRY_TIME);
                    zip.putNextEntry(entry);
                    if (!e.getKey().endsWith("/")) {
                        Files.copy(e.getValue(), zip);
                    }
                    zip.closeEntry();
                }
                zip.setComment(comment);
            }
            readableByAll(tmp, "rw-r--r--");
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return true;
    }

    private static String commentOf(Path jar) {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            return z.getComment();
        } catch (IOException e) {
            return null; // unreadable or not a zip: replace it
        }
    }

    private static Path temp(Path dir) throws IOException {
        return Files.createTempFile(dir, TEMP_PREFIX, ".tmp");
    }

    private static void readableByAll(Path p, String mode) throws IOException {
        PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        if (v != null) {
            v.setPermissions(PosixFilePermissions.fromString(mode));
        }
    }

    static String shortHash(String s) {
        return Sha256.of(s).substring(0, 8);
    }
}
