package dev.rollback.git;

import dev.rollback.errors.RollbackException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.StashApplyFailureException;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The stash operations of {@link GitRepository}: {@code git stash push -u -m}, {@code git stash list} and
 * {@code git stash apply}.
 *
 * <p>{@code new Stashes(git, workTree).create("rollback-stash-20251114_085012")}
 */
final class Stashes {
    private static final Pattern USER_MESSAGE_PREFIX = Pattern.compile("^On [^:]+: ");

    private final Git git;
    private final Path workTree;

    Stashes(Git git, Path workTree) {
        this.git = git;
        this.workTree = workTree;
    }

    /** Stashes tracked changes and untracked (not ignored) files; empty when there is nothing to stash. */
    Optional<StashRef> create(String message) {
        try {
            RevCommit stash = git.stashCreate()
                    .setIncludeUntracked(true)
                    .setWorkingDirectoryMessage("On {0}: " + quoteForMessageFormat(message))
                    .setPerson(GitIdentity.of(git.getRepository().getConfig()))
                    .call();
            return stash == null
                    ? Optional.empty()
                    : Optional.of(new StashRef(0, stash.name(), userMessage(stash.getShortMessage())));
        } catch (GitAPIException | RuntimeException e) {
            throw new RollbackException(
                    "cannot stash the changes in " + workTree + " (" + e.getMessage()
                            + "); nothing was discarded; check git status and stash by hand (git stash push -u)",
                    e);
        }
    }

    /** Newest first, as {@code git stash list} shows them. */
    List<StashRef> list() {
        try {
            Collection<RevCommit> entries = git.stashList().call();
            List<StashRef> refs = new ArrayList<>(entries.size());
            for (RevCommit entry : entries) {
                refs.add(new StashRef(refs.size(), entry.name(), userMessage(entry.getShortMessage())));
            }
            return List.copyOf(refs);
        } catch (GitAPIException e) {
            throw new RollbackException(
                    "cannot list the stashes of " + workTree + " (" + e.getMessage()
                            + "); check them with git stash list",
                    e);
        }
    }

    /** Applies the entry with {@code stash}'s id, untracked files included, and keeps it. */
    void apply(StashRef stash) {
        List<StashRef> existing = list();
        StashRef current = existing.stream()
                .filter(s -> s.id().equals(stash.id()))
                .findFirst()
                .orElseThrow(() -> new RollbackException("stash " + stash.id() + " ('" + stash.message()
                        + "') is no longer in " + workTree + "; existing stashes: " + describe(existing)
                        + "; it may have been dropped (git fsck --unreachable finds dropped stashes)"));
        String name = "stash@{" + current.index() + "} ('" + current.message() + "')";
        try {
            git.stashApply().setStashRef(current.id()).setRestoreUntracked(true).call();
        } catch (StashApplyFailureException e) {
            throw new RollbackException(
                    "cannot apply " + name + " onto " + workTree + ": it conflicts with the "
                            + "current files (" + e.getMessage() + "); the stash is kept; stash or commit the current "
                            + "changes, or reset to the stash's base commit, then apply it again",
                    e);
        } catch (GitAPIException | RuntimeException e) {
            throw new RollbackException(
                    "cannot apply " + name + " onto " + workTree + " (" + e.getMessage()
                            + "); the stash is kept; move the conflicting files away and apply it again",
                    e);
        }
    }

    /** {@code On main: msg} (git's form for a stash with a message) becomes {@code msg}; others stay. */
    private static String userMessage(String subject) {
        return USER_MESSAGE_PREFIX.matcher(subject).replaceFirst("");
    }

    /** JGit formats the message with {@link java.text.MessageFormat}: quote it so quotes and braces survive. */
    private static String quoteForMessageFormat(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String describe(List<StashRef> stashes) {
        return stashes.isEmpty()
                ? "(none)"
                : stashes.stream()
                        .map(s -> "stash@{" + s.index() + "} '" + s.message() + "'")
                        .collect(Collectors.joining(", "));
    }
}
