package dev.rollback.git;

import java.io.File;
import java.io.IOException;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;

/**
 * A work-tree iterator that treats nothing as ignored, so a diff limited to tracked paths also shows tracked
 * files that happen to match a {@code .gitignore} pattern (as {@code git diff HEAD} does).
 *
 * <p>{@code formatter.scan(headTree, new TrackedFilesIterator(repository))}
 */
final class TrackedFilesIterator extends FileTreeIterator {
    TrackedFilesIterator(Repository repository) {
        super(repository);
    }

    private TrackedFilesIterator(TrackedFilesIterator parent, File directory) {
        super(parent, directory, parent.fs, parent.fileModeStrategy);
    }

    @Override
    public AbstractTreeIterator createSubtreeIterator(ObjectReader reader) throws IOException {
        return new TrackedFilesIterator(this, getEntryFile());
    }

    @Override
    public boolean isEntryIgnored() {
        return false;
    }

    @Override
    protected boolean isEntryIgnored(int pLen) {
        return false;
    }
}
