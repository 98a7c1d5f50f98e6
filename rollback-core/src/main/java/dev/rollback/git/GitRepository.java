package dev.rollback.git;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Git operations a rollback needs, on JGit, with JDK types only in the API.
 *
 * <p>{@code try (GitRepository repo = GitRepository.open(home)) { repo.hardReset("9bef892"); }}
 */
public final class GitRepository implements AutoCloseable {
    // CONTRACT STUB: implemented by the git-package work.

    /** Opens the repository whose work tree is {@code workTree}; EnvironmentException when it is none. */
    public static GitRepository open(Path workTree) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Creates a new repository with initial branch {@code main} (sandboxes and tests). */
    public static GitRepository init(Path workTree) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code rollback-stash-YYYYMMDD_HHMMSS} in the system zone, as the seed names its stashes. */
    public static String stashMessage(Instant now) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Path workTree() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The checked-out branch, or empty when HEAD is detached. */
    public Optional<String> currentBranch() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The commit HEAD points to; RollbackException when the repository has no commit. */
    public CommitInfo head() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Resolves a full or abbreviated id, branch, tag or expression; empty when unknown or ambiguous. */
    public Optional<CommitInfo> resolve(String revision) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Like {@link #resolve(String)}, or a RollbackException naming the revision and the repository. */
    public CommitInfo require(String revision) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public WorkTreeStatus status() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public boolean isDirty() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Stashes uncommitted changes including untracked files; empty when there was nothing to stash. */
    public Optional<StashRef> stash(String message) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Stash entries, newest first. */
    public List<StashRef> stashes() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Applies a stash entry back onto the work tree (the entry is kept). */
    public void applyStash(StashRef stash) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Checks out a local branch (it must exist). */
    public void checkoutBranch(String branch) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code git reset --hard <revision>}. */
    public void hardReset(String revision) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Files of {@code revision}'s tree that match the patterns: a file path, a directory with a trailing slash
     * (everything under it), or a glob where {@code *} matches within one path segment and {@code **} across
     * segments ({@code configs/*}{@code /performance/}, {@code scripts/backup-*.sh}). Sorted.
     */
    public List<String> matchPaths(String revision, List<String> patterns) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * {@code git checkout <revision> -- <patterns>}: writes the matching files of that commit into the work tree and
     * index, returns them; RollbackException naming any pattern that matched nothing (and then changes nothing).
     */
    public List<String> checkoutPaths(String revision, List<String> patterns) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Stages everything (including deletions and untracked files) and commits; for sandboxes and tests. */
    public CommitInfo commitAll(String message) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Uncommitted changes of tracked files against HEAD as a unified diff (binary-safe), empty when none. */
    public String diffPatch() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
