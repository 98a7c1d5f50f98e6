package dev.rollback.git;

import dev.rollback.errors.RollbackException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * {@code git diff HEAD} limited to given tracked paths: HEAD's tree against the work tree, as a unified diff.
 *
 * <p>{@code String patch = WorkTreeDiff.patch(repository, workTree, changedTrackedPaths);}
 *
 * <p>Limiting the walk to the changed tracked paths keeps untracked files out of the patch and keeps large
 * untracked or ignored directories (database volumes) from being read at all.
 */
final class WorkTreeDiff {
    private WorkTreeDiff() {}

    static String patch(Repository repository, Path workTree, Collection<String> trackedChangedPaths) {
        if (trackedChangedPaths.isEmpty()) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DiffFormatter formatter = new DiffFormatter(out)) {
            formatter.setRepository(repository);
            formatter.setDetectRenames(false);
            formatter.setPathFilter(PathFilterGroup.createFromStrings(trackedChangedPaths));
            formatter.format(formatter.scan(headTree(repository), new TrackedFilesIterator(repository)));
            formatter.flush();
        } catch (IOException | RuntimeException e) {
            throw new RollbackException(
                    "cannot compute the uncommitted changes of " + workTree + " (" + e.getMessage()
                            + "); check them with git diff HEAD",
                    e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static AbstractTreeIterator headTree(Repository repository) throws IOException {
        ObjectId tree = repository.resolve(Constants.HEAD + "^{tree}");
        if (tree == null) {
            return new EmptyTreeIterator();
        }
        CanonicalTreeParser parser = new CanonicalTreeParser();
        try (ObjectReader reader = repository.newObjectReader()) {
            parser.reset(reader, tree);
        }
        return parser;
    }
}
