package dev.rollback.git;

import java.util.List;

/**
 * Uncommitted state of a work tree (ignored files excluded), paths relative to the work tree.
 *
 * <p>{@code if (!repo.status().clean()) repo.stash(GitRepository.stashMessage(now));}
 */
public record WorkTreeStatus(
        List<String> modified,
        List<String> added,
        List<String> removed,
        List<String> untracked,
        List<String> conflicting) {
    public WorkTreeStatus {
        modified = List.copyOf(modified);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        untracked = List.copyOf(untracked);
        conflicting = List.copyOf(conflicting);
    }

    public boolean clean() {
        return modified.isEmpty()
                && added.isEmpty()
                && removed.isEmpty()
                && untracked.isEmpty()
                && conflicting.isEmpty();
    }
}
