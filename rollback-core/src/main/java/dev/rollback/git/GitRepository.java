package dev.rollback.git;

import dev.rollback.errors.EnvironmentException;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.CheckoutConflictException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.errors.NoWorkTreeException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Git operations a rollback needs, on JGit, with JDK types only in the API.
 *
 * <p>{@code try (GitRepository repo = GitRepository.open(home)) { repo.hardReset("9bef892"); }}
 *
 * <p>Every JGit failure is reported once as a {@link RollbackException} naming the repository, the revision or
 * path concerned, what was found and what to do. Instances are not thread-safe.
 */
public final class GitRepository implements AutoCloseable {
    private static final DateTimeFormatter STASH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private final Path workTree;
    private final Repository repository;
    private final Git git;
    private final Revisions revisions;
    private final Stashes stashes;
    private boolean closed;

    private GitRepository(Path workTree, Repository repository) {
        this.workTree = workTree;
        this.repository = repository;
        this.git = new Git(repository);
        this.revisions = new Revisions(repository, workTree);
        this.stashes = new Stashes(git, workTree);
    }

    /**
     * Opens the repository whose work tree is {@code workTree}; EnvironmentException when it is none.
     *
     * <p>{@code GitRepository.open(Path.of("devstack-core"))} — the directory must hold a {@code .git} directory
     * or gitfile (linked worktrees and submodules work).
     */
    public static GitRepository open(Path workTree) {
        Path dir = workTree.toAbsolutePath().normalize();
        if (!Files.exists(dir.resolve(Constants.DOT_GIT))) {
            throw new EnvironmentException(
                    dir,
                    "not a git repository (no .git found); run the rollback from the "
                            + "project's directory or pass its path");
        }
        try {
            Repository repository = new FileRepositoryBuilder()
                    .setWorkTree(dir.toFile())
                    .setMustExist(true)
                    .build();
            return new GitRepository(dir, repository);
        } catch (IOException | IllegalArgumentException e) {
            throw new EnvironmentException(
                    dir,
                    "has a .git that cannot be opened as a repository (" + e.getMessage()
                            + "); check it with git status, or clone the project again",
                    e);
        }
    }

    /**
     * Creates a new repository with initial branch {@code main} (sandboxes and tests).
     *
     * <p>{@code try (GitRepository repo = GitRepository.init(tempDir)) { repo.commitAll("baseline"); }}
     */
    public static GitRepository init(Path workTree) {
        return init(workTree, "main");
    }

    /** Creates a new repository whose first branch is {@code branch} ({@code master} on older projects). */
    public static GitRepository init(Path workTree, String branch) {
        Path dir = workTree.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            Git created = Git.init()
                    .setDirectory(dir.toFile())
                    .setInitialBranch(branch)
                    .call();
            return new GitRepository(dir, created.getRepository());
        } catch (IOException | GitAPIException e) {
            throw new RollbackException(
                    "cannot create a git repository in " + dir + " (" + e.getMessage()
                            + "); check that the directory is writable",
                    e);
        }
    }

    /**
     * {@code rollback-stash-YYYYMMDD_HHMMSS} in the system zone, as the runbook names its stashes.
     *
     * <p>{@code repo.stash(GitRepository.stashMessage(Instant.now())) // rollback-stash-20251114_085012}
     */
    public static String stashMessage(Instant now) {
        return "rollback-stash-" + STASH_TIME.format(now.atZone(ZoneId.systemDefault()));
    }

    /** {@code repo.workTree() // the absolute, normalised project directory} */
    public Path workTree() {
        return workTree;
    }

    /** The checked-out branch, or empty when HEAD is detached: {@code repo.currentBranch().orElse("(detached)")}. */
    public Optional<String> currentBranch() {
        try {
            String full = repository.getFullBranch();
            return full != null && full.startsWith(Constants.R_HEADS)
                    ? Optional.of(full.substring(Constants.R_HEADS.length()))
                    : Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read HEAD of " + workTree, "check the repository with git status", e);
        }
    }

    /** The commit HEAD points to; RollbackException when the repository has no commit: {@code repo.head().id()}. */
    public CommitInfo head() {
        return info(headCommit("read HEAD"));
    }

    /**
     * Resolves a full or abbreviated id, branch, tag or expression; empty when unknown or ambiguous.
     *
     * <p>{@code repo.resolve("HEAD~1").map(CommitInfo::shortId)} — abbreviated ids need 4+ hex digits; an
     * abbreviation shared by several objects resolves only when exactly one of them is a commit (as git does).
     */
    public Optional<CommitInfo> resolve(String revision) {
        return revisions.resolve(revision).found().map(GitRepository::info);
    }

    /**
     * Like {@link #resolve(String)}, or a RollbackException naming the revision and the repository.
     *
     * <p>{@code CommitInfo baseline = repo.require("9bef892");}
     */
    public CommitInfo require(String revision) {
        return info(requireCommit(revision));
    }

    /**
     * Uncommitted state, ignored files excluded: {@code repo.status().untracked()}.
     *
     * <p>{@code modified} holds staged and unstaged changes of tracked files, {@code removed} staged deletions and
     * files missing from the work tree; every list is sorted.
     */
    public WorkTreeStatus status() {
        Status s = jgitStatus();
        return new WorkTreeStatus(
                sorted(s.getModified(), s.getChanged()),
                sorted(s.getAdded()),
                sorted(s.getRemoved(), s.getMissing()),
                sorted(s.getUntracked()),
                sorted(s.getConflicting()));
    }

    /** {@code if (repo.isDirty()) repo.stash(GitRepository.stashMessage(Instant.now()));} */
    public boolean isDirty() {
        return !jgitStatus().isClean();
    }

    /**
     * Stashes uncommitted changes including untracked files; empty when there was nothing to stash.
     *
     * <p>{@code repo.stash("rollback-stash-20251114_085012")} — like {@code git stash push -u -m <message>}:
     * afterwards the work tree is clean (ignored files stay), {@code git stash list} shows
     * {@code On <branch>: <message>}, and the returned entry's message is {@code <message>}. A blank message
     * becomes {@link #stashMessage(Instant)} of now.
     */
    public Optional<StashRef> stash(String message) {
        String text = message == null || message.isBlank() ? stashMessage(Instant.now()) : message.strip();
        headCommit("stash its changes");
        return stashes.create(text);
    }

    /** Stash entries, newest first: {@code repo.stashes().get(0).message()}. */
    public List<StashRef> stashes() {
        return stashes.list();
    }

    /**
     * Applies a stash entry back onto the work tree, untracked files included (the entry is kept).
     *
     * <p>{@code repo.applyStash(repo.stashes().get(0));} — the entry is found by its id, so newer stashes in
     * between do not matter; refuses, keeping the entry and the current files, when they conflict.
     */
    public void applyStash(StashRef stash) {
        stashes.apply(stash);
    }

    /**
     * The branch a full rollback returns to when none is named: {@code main}, else {@code master}, else the branch
     * checked out now; {@code main} when the directory is no repository (the plan's git steps then say so).
     *
     * <p>{@code GitRepository.mainLine(home) // "master" on a repository whose main line is master}
     */
    public static String mainLine(Path workTree) {
        if (!Files.exists(workTree.resolve(Constants.DOT_GIT))) {
            return "main";
        }
        try (GitRepository repo = open(workTree)) {
            List<String> branches = repo.branches();
            for (String candidate : List.of("main", "master")) {
                if (branches.contains(candidate)) {
                    return candidate;
                }
            }
            return repo.currentBranch().orElse(branches.isEmpty() ? "main" : branches.get(0));
        } catch (RollbackException e) {
            return "main";
        }
    }

    /** Local branch names, sorted: {@code repo.branches() // [main, feature/x]}. */
    public List<String> branches() {
        try {
            return repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                    .map(ref -> ref.getName().substring(Constants.R_HEADS.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw failure("cannot list the branches of " + workTree, "check the repository with git branch", e);
        }
    }

    /**
     * Creates a local branch at a commit, without checking it out: {@code repo.createBranch("feature", "HEAD");}.
     */
    public void createBranch(String name, String revision) {
        CommitInfo at = require(revision);
        try {
            git.branchCreate().setName(name).setStartPoint(at.id()).call();
        } catch (GitAPIException | RuntimeException e) {
            throw failure(
                    "cannot create branch '" + name + "' at " + at.shortId() + " in " + workTree + " (" + e.getMessage()
                            + ")",
                    "check that no branch of that name exists: git branch",
                    e);
        }
    }

    /**
     * Checks out a local branch (it must exist): {@code repo.checkoutBranch("main");}.
     *
     * <p>Refuses, changing nothing, when local changes would be overwritten; stash them first.
     */
    public void checkoutBranch(String branch) {
        String name = branch == null ? "" : branch.strip();
        if (name.startsWith(Constants.R_HEADS)) {
            name = name.substring(Constants.R_HEADS.length());
        }
        List<String> local = branches();
        if (!local.contains(name)) {
            throw new RollbackException("branch '" + branch + "' not found in " + workTree + "; local branches: "
                    + (local.isEmpty() ? "(none)" : String.join(", ", local))
                    + "; pass one of them, or fetch and create it (git checkout -b " + branch + " origin/"
                    + branch + ")");
        }
        try {
            git.checkout().setName(name).call();
        } catch (CheckoutConflictException e) {
            throw new RollbackException(
                    "cannot check out branch '" + name + "' in " + workTree + ": local changes to "
                            + String.join(", ", e.getConflictingPaths()) + " would be overwritten; stash them first "
                            + "(stash(message)) and check out again",
                    e);
        } catch (GitAPIException | RuntimeException e) {
            throw failure(
                    "cannot check out branch '" + name + "' in " + workTree + " (" + e.getMessage() + ")",
                    "check git status and check it out by hand",
                    e);
        }
    }

    /**
     * {@code git reset --hard <revision>}: {@code repo.hardReset("9bef892");}.
     *
     * <p>The revision is checked first (nothing changes when it is unknown); tracked changes are discarded, so
     * stash them before; untracked files are left alone, as git does.
     */
    public void hardReset(String revision) {
        RevCommit target = requireCommit(revision);
        try {
            git.reset()
                    .setMode(ResetCommand.ResetType.HARD)
                    .setRef(target.name())
                    .call();
        } catch (GitAPIException | RuntimeException e) {
            throw failure(
                    "cannot reset " + workTree + " to '" + revision + "' ("
                            + target.abbreviate(7).name() + ", " + e.getMessage() + ")",
                    "check git status; run git reset --hard "
                            + target.abbreviate(7).name() + " by hand to see git's own message",
                    e);
        }
    }

    /**
     * Files of {@code revision}'s tree that match the patterns: a file path, a directory with a trailing slash
     * (everything under it), or a glob where {@code *} matches within one path segment and {@code **} across
     * segments ({@code configs/*}{@code /performance/}, {@code scripts/backup-*.sh}). Sorted.
     *
     * <p>{@code repo.matchPaths("80f7072", List.of("docs/"))} — a pattern that matches nothing adds nothing;
     * only files (regular, executable, symlinks) are listed, not submodules.
     */
    public List<String> matchPaths(String revision, List<String> patterns) {
        SortedSet<String> all = new TreeSet<>();
        matchesByPattern(requireCommit(revision), patterns).values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /**
     * The bytes of one file of {@code revision}'s tree, or empty when the commit has no such file.
     *
     * <p>{@code repo.readFile("80f7072", "configs/mysql/scripts/init.sh")} — what a checkout would write, read first.
     */
    public Optional<byte[]> readFile(String revision, String path) {
        return TreeFiles.read(repository, requireCommit(revision), path);
    }

    /**
     * {@code git checkout <revision> -- <patterns>}: writes the matching files of that commit into the work tree and
     * index, returns them; RollbackException naming any pattern that matched nothing (and then changes nothing).
     *
     * <p>{@code repo.checkoutPaths("80f7072", List.of("docs/", "scripts/backup-*.sh"))} — content and executable
     * bit are restored; local changes to those files are overwritten (stash first); files under a pattern that
     * the commit does not have are left alone, as git does.
     */
    public List<String> checkoutPaths(String revision, List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            throw new UsageException("no paths given to check out of '" + revision + "'; pass files, directories "
                    + "or globs such as docs/ or configs/*/performance/");
        }
        RevCommit commit = requireCommit(revision);
        Map<PathPattern, List<String>> matches = matchesByPattern(commit, patterns);
        List<String> unmatched = matches.entrySet().stream()
                .filter(e -> e.getValue().isEmpty())
                .map(e -> "'" + e.getKey().raw() + "'")
                .toList();
        String shortId = commit.abbreviate(7).name();
        if (!unmatched.isEmpty()) {
            throw new RollbackException((unmatched.size() == 1 ? "pattern " : "patterns ")
                    + String.join(", ", unmatched) + (unmatched.size() == 1 ? " matches" : " match")
                    + " no file of commit " + shortId + " ('" + commit.getShortMessage() + "') in " + workTree
                    + "; nothing was changed; fix the pattern, or list the commit's files with "
                    + "git ls-tree -r --name-only " + shortId);
        }
        SortedSet<String> files = new TreeSet<>();
        matches.values().forEach(files::addAll);
        try {
            git.checkout().setStartPoint(commit).addPaths(List.copyOf(files)).call();
            return List.copyOf(files);
        } catch (GitAPIException | RuntimeException e) {
            throw failure(
                    "cannot check out " + files.size() + " file(s) of commit " + shortId + " into " + workTree + " ("
                            + e.getMessage() + ")",
                    "check git status; some files may already be written",
                    e);
        }
    }

    /**
     * Stages everything (including deletions and untracked files) and commits; for sandboxes and tests.
     *
     * <p>{@code CommitInfo c = repo.commitAll("baseline");} — like {@code git add -A && git commit}, with the
     * configured author or {@code rollback <rollback@localhost>}; works for the first commit; commits even
     * when nothing changed; hooks are not run and nothing is signed.
     */
    public CommitInfo commitAll(String message) {
        try {
            git.add().addFilepattern(".").setAll(true).call();
            PersonIdent who = GitIdentity.of(repository.getConfig());
            RevCommit commit = git.commit()
                    .setMessage(message)
                    .setAuthor(who)
                    .setCommitter(who)
                    .setNoVerify(true)
                    .setSign(false)
                    .call();
            return info(commit);
        } catch (GitAPIException | RuntimeException e) {
            throw failure(
                    "cannot commit in " + workTree + " (" + e.getMessage() + ")",
                    "check git status and commit by hand",
                    e);
        }
    }

    /**
     * Files changed since {@code revision}: in the commits from it to HEAD, and uncommitted (modified, added, removed
     * or untracked; ignored files excluded). Sorted, relative to the work tree. A file changed in a commit and changed
     * back in the work tree is still listed.
     *
     * <p>{@code repo.changedSince("80f7072") // [configs/mysql/scripts/init.sh, docs/README.md]}
     */
    public List<String> changedSince(String revision) {
        RevCommit from = requireCommit(revision);
        RevCommit head = headCommit("list the files changed since " + revision);
        SortedSet<String> out = new TreeSet<>();
        try (ObjectReader reader = repository.newObjectReader()) {
            List<DiffEntry> diffs = git.diff()
                    .setOldTree(new CanonicalTreeParser(null, reader, from.getTree()))
                    .setNewTree(new CanonicalTreeParser(null, reader, head.getTree()))
                    .setShowNameAndStatusOnly(true)
                    .call();
            for (DiffEntry d : diffs) {
                if (!DiffEntry.DEV_NULL.equals(d.getOldPath())) {
                    out.add(d.getOldPath());
                }
                if (!DiffEntry.DEV_NULL.equals(d.getNewPath())) {
                    out.add(d.getNewPath());
                }
            }
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw failure(
                    "cannot compare commit " + from.abbreviate(7).name() + " with HEAD in " + workTree + " ("
                            + e.getMessage() + ")",
                    "check it with git diff --name-only " + from.abbreviate(7).name(),
                    e);
        }
        Status s = jgitStatus();
        out.addAll(sorted(
                s.getModified(),
                s.getChanged(),
                s.getAdded(),
                s.getRemoved(),
                s.getMissing(),
                s.getUntracked(),
                s.getConflicting()));
        return List.copyOf(out);
    }

    /**
     * Uncommitted changes of tracked files against HEAD as a unified diff (binary-safe), empty when none.
     *
     * <p>{@code Files.writeString(backup.resolve("uncommitted.patch"), repo.diffPatch());} — like
     * {@code git diff HEAD}: staged and unstaged changes, new files only once added; binary files appear as
     * {@code Binary files differ}.
     */
    public String diffPatch() {
        Status s = jgitStatus();
        return WorkTreeDiff.patch(
                repository,
                workTree,
                sorted(
                        s.getModified(),
                        s.getChanged(),
                        s.getAdded(),
                        s.getRemoved(),
                        s.getMissing(),
                        s.getConflicting()));
    }

    /** Releases JGit resources; calling it again does nothing: {@code try (GitRepository repo = ...) { }}. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            git.close();
            repository.close();
        }
    }

    private RevCommit requireCommit(String revision) {
        Revisions.Outcome outcome = revisions.resolve(revision);
        return outcome.found()
                .orElseThrow(() -> new RollbackException("commit '" + revision + "' " + outcome.problem()));
    }

    private RevCommit headCommit(String action) {
        try {
            ObjectId id = repository.resolve(Constants.HEAD + "^{commit}");
            if (id == null) {
                throw new RollbackException(workTree + " has no commits yet (cannot " + action
                        + "); commit the project first (git add -A && git commit) or open the right directory");
            }
            try (RevWalk walk = new RevWalk(repository)) {
                return walk.parseCommit(id);
            }
        } catch (IOException e) {
            throw failure(
                    "cannot read HEAD of " + workTree + " (" + e.getMessage() + ")",
                    "check the repository with git status",
                    e);
        }
    }

    private Map<PathPattern, List<String>> matchesByPattern(RevCommit commit, List<String> patterns) {
        return TreeFiles.matchesByPattern(repository, workTree, commit, patterns);
    }

    private Status jgitStatus() {
        try {
            return git.status().call();
        } catch (GitAPIException | NoWorkTreeException e) {
            throw failure(
                    "cannot read the status of " + workTree + " (" + e.getMessage() + ")",
                    "check it with git status",
                    e);
        }
    }

    private static CommitInfo info(RevCommit commit) {
        return new CommitInfo(
                commit.name(),
                commit.name().substring(0, 7),
                commit.getShortMessage(),
                Instant.ofEpochSecond(commit.getCommitTime()),
                commit.getAuthorIdent().getName());
    }

    @SafeVarargs
    private static List<String> sorted(Collection<String>... groups) {
        SortedSet<String> all = new TreeSet<>();
        for (Collection<String> group : groups) {
            all.addAll(group);
        }
        return List.copyOf(all);
    }

    private static RollbackException failure(String what, String todo, Exception cause) {
        return new RollbackException(what + "; " + todo, cause);
    }
}
