package dev.rollback.git;

import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Turns revision strings into commits, git-style, and explains the ones that do not resolve.
 *
 * <p>{@code Revisions.Outcome o = new Revisions(repository, dir).resolve("9bef892");}
 */
final class Revisions {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final int MIN_ABBREVIATION = 4;

    /** A commit, or why there is none ({@code problem} completes "commit 'x' ..."). */
    record Outcome(RevCommit commit, String problem) {
        Optional<RevCommit> found() {
            return Optional.ofNullable(commit);
        }
    }

    private final Repository repository;
    private final Path workTree;

    Revisions(Repository repository, Path workTree) {
        this.repository = repository;
        this.workTree = workTree;
    }

    Outcome resolve(String revision) {
        String notFound = "not found in " + workTree + "; fetch it (git fetch --all) or pass an existing commit";
        if (revision == null || revision.isBlank()) {
            return new Outcome(null, notFound);
        }
        String rev = revision.strip();
        try {
            boolean plainHex = HEX.matcher(rev).matches();
            if (plainHex && rev.length() < MIN_ABBREVIATION && repository.findRef(rev) == null) {
                return new Outcome(
                        null,
                        "is too short to be a commit id (use at least " + MIN_ABBREVIATION
                                + " hex digits) and names no branch or tag in " + workTree);
            }
            ObjectId id;
            try {
                id = repository.resolve(rev + "^{commit}");
            } catch (AmbiguousObjectException e) {
                if (!plainHex) {
                    return new Outcome(null, ambiguous(e.getCandidates()));
                }
                List<ObjectId> commits = commitsAmong(e.getCandidates());
                if (commits.size() != 1) {
                    return new Outcome(null, ambiguous(commits.isEmpty() ? e.getCandidates() : commits));
                }
                id = commits.get(0);
            }
            if (id == null) {
                return new Outcome(null, notFound);
            }
            try (RevWalk walk = new RevWalk(repository)) {
                return new Outcome(walk.parseCommit(id), null);
            }
        } catch (IncorrectObjectTypeException e) {
            return new Outcome(
                    null, "names an object that is not a commit in " + workTree + "; pass a commit id, branch or tag");
        } catch (MissingObjectException | RevisionSyntaxException e) {
            return new Outcome(null, notFound);
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot read revision '" + revision + "' in " + workTree + " (" + e.getMessage()
                            + "); check the repository with git fsck",
                    e);
        }
    }

    private List<ObjectId> commitsAmong(Iterable<ObjectId> candidates) throws IOException {
        List<ObjectId> commits = new ArrayList<>();
        try (ObjectReader reader = repository.newObjectReader()) {
            for (ObjectId candidate : candidates) {
                if (reader.open(candidate).getType() == Constants.OBJ_COMMIT) {
                    commits.add(candidate);
                }
            }
        }
        return commits;
    }

    private String ambiguous(Iterable<ObjectId> candidates) {
        List<String> names = new ArrayList<>();
        for (ObjectId candidate : candidates) {
            names.add(candidate.name().substring(0, 12));
        }
        names.sort(null);
        return "is ambiguous in " + workTree + " (it starts " + names.size() + " object ids: "
                + String.join(", ", names) + "); pass more hex digits";
    }
}
