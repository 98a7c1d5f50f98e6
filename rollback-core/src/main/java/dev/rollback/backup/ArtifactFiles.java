package dev.rollback.backup;

import dev.rollback.backup.BackupManifest.Artifact;
import dev.rollback.errors.VerificationException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an artifact's bytes are: its manifest {@code file} as a plain relative name inside the set directory, never
 * an absolute path, a {@code ..} segment, or a path through or to a symbolic link; and, when it is there, a regular
 * file (a directory for the key directory of the runbook's layout). Anything else is refused with a
 * {@link VerificationException} before a byte of it is read.
 *
 * <p>{@code Path f = ArtifactFiles.resolve(set.dir(), artifact); // throws when the name leaves the set}
 */
final class ArtifactFiles {
    private ArtifactFiles() {}

    /**
     * The artifact's path in {@code dir}, checked; a file that is not there is returned as it is (STRUCTURE reports
     * it missing).
     *
     * @throws VerificationException naming the set, the artifact and what was found
     */
    static Path resolve(Path dir, Artifact a) {
        String problem = nameProblem(a.file());
        if (problem != null) {
            throw refused(dir, a, problem + "; an artifact's file must be a name inside the set");
        }
        Path file;
        try {
            file = dir.resolve(a.file());
        } catch (InvalidPathException e) {
            throw refused(dir, a, "is not a valid file name");
        }
        Path at = dir;
        for (Path part : dir.relativize(file)) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                throw refused(
                        dir,
                        a,
                        (at.equals(file) ? "is" : "lies under") + " a symbolic link (" + dir.relativize(at)
                                + "); artifacts are never read through links");
            }
        }
        boolean directory = "directory".equals(a.compression());
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                && !(directory
                        ? Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)
                        : Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
            throw refused(dir, a, "is not a " + (directory ? "directory" : "regular file"));
        }
        return file;
    }

    /** What is wrong with a manifest's file name, or null when it is a plain relative name. */
    static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "has no file name";
        }
        if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
            return "is an absolute path";
        }
        if (name.indexOf('\0') >= 0) {
            return "is not a valid file name";
        }
        for (String segment : name.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                return "has a '..' segment, which leaves the set directory";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "is not a plain relative name (empty or '.' segment)";
            }
        }
        return null;
    }

    private static VerificationException refused(Path dir, Artifact a, String problem) {
        return new VerificationException(
                "backup set " + dir,
                List.of(ManifestRules.describe(a) + ": file "
                        + ManifestRules.quote(a.file()) + " " + problem
                        + "; nothing was read from it: take a new backup, or "
                        + "restore this set from an intact copy"));
    }
}
