package dev.rollback.git;

import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The files of a commit's tree that each {@link PathPattern} selects.
 *
 * <p>{@code Map<PathPattern, List<String>> m = TreeFiles.matchesByPattern(repository, workTree, commit, patterns);}
 */
final class TreeFiles {
    private TreeFiles() {}

    /**
     * One entry per pattern, in the given order, with the files (regular, executable, symlink; not submodules)
     * it selects, in tree order; an empty list when it selects nothing.
     */
    static Map<PathPattern, List<String>> matchesByPattern(
            Repository repository, Path workTree, RevCommit commit, List<String> patterns) {
        Map<PathPattern, List<String>> matches = new LinkedHashMap<>();
        for (String raw : patterns) {
            matches.put(PathPattern.parse(raw), new ArrayList<>());
        }
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(commit.getTree());
            walk.setRecursive(true);
            while (walk.next()) {
                if (walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) { // skips submodules (gitlinks)
                    continue;
                }
                String path = walk.getPathString();
                matches.forEach((pattern, files) -> {
                    if (pattern.matches(path)) {
                        files.add(path);
                    }
                });
            }
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot list the files of commit " + commit.abbreviate(7).name() + " in " + workTree + " ("
                            + e.getMessage() + "); check the repository with git fsck",
                    e);
        }
        return matches;
    }

    /** The blob at {@code path} in the commit's tree, or empty when there is none. */
    static Optional<byte[]> read(Repository repository, RevCommit commit, String path) {
        try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
            if (walk == null || (walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB)) {
                return Optional.empty();
            }
            return Optional.of(repository.open(walk.getObjectId(0)).getBytes());
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot read " + path + " of commit " + commit.abbreviate(7).name() + ": " + e.getMessage(), e);
        }
    }
}
