package dev.rollback.validation.check;

import dev.rollback.env.Environment;
import dev.rollback.git.GitRepository;
import dev.rollback.git.WorkTreeStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's git items: on the baseline branch, at the baseline commit ({@code baseline_commit}, else the backup
 * set's), no uncommitted changes and no untracked files but the backup root's.
 *
 * <p>{@code GitChecks.all() // git.branch, git.commit, git.clean}
 */
final class GitChecks {
    static final String GROUP = "git";

    private GitChecks() {}

    static List<Check> all() {
        return List.of(
                Check.of("git.branch", GROUP, "On the baseline branch", GitChecks::branch),
                Check.of("git.commit", GROUP, "At the baseline commit", GitChecks::commit),
                Check.of("git.clean", GROUP, "No uncommitted changes, no untracked files", GitChecks::clean));
    }

    private static GitRepository open(CheckContext ctx) {
        Path home = ctx.environment().projectDir();
        if (!Files.isDirectory(home.resolve(".git"))) {
            throw new CheckSkipped(home + " is not a git repository");
        }
        return GitRepository.open(home);
    }

    private static Verdict branch(CheckContext ctx) {
        Environment env = ctx.environment();
        Optional<String> want = env.config()
                .branch()
                .or(() -> ctx.set()
                        .map(s -> s.manifest().git())
                        .map(g -> g.branch())
                        .filter(b -> !b.isBlank()));
        try (GitRepository repo = open(ctx)) {
            String expected = want.orElseGet(() -> GitRepository.mainLine(env.projectDir()));
            String found = repo.currentBranch().orElse("a detached HEAD");
            return Verdict.of(
                    found.equals(expected),
                    expected,
                    found,
                    "check out " + expected + " (git checkout " + expected + "), or run rollback full");
        }
    }

    private static Verdict commit(CheckContext ctx) {
        Optional<String> want = ctx.environment()
                .config()
                .baselineCommit()
                .or(() -> ctx.set()
                        .map(s -> s.manifest().git())
                        .map(g -> g.commit())
                        .filter(c -> !c.isBlank()));
        if (want.isEmpty()) {
            throw new CheckSkipped("no baseline commit: set baseline_commit in rollback.yaml, or compare with a backup"
                    + " set (--against)");
        }
        try (GitRepository repo = open(ctx)) {
            String head = repo.head().id();
            String expected = repo.resolve(want.get()).map(c -> c.id()).orElse(want.get());
            return Verdict.of(
                    head.equals(expected),
                    shortId(expected),
                    shortId(head),
                    "reset to the baseline: rollback full (it stashes what is uncommitted first)");
        }
    }

    private static Verdict clean(CheckContext ctx) {
        Path home = ctx.environment().projectDir();
        Path backups = ctx.environment().backupRoot().toAbsolutePath().normalize();
        String backupPrefix = backups.startsWith(home.toAbsolutePath().normalize())
                ? home.toAbsolutePath().normalize().relativize(backups) + "/"
                : null;
        try (GitRepository repo = open(ctx)) {
            WorkTreeStatus s = repo.status();
            List<String> changed = new ArrayList<>();
            changed.addAll(s.modified());
            changed.addAll(s.added());
            changed.addAll(s.removed());
            changed.addAll(s.conflicting());
            List<String> untracked = s.untracked().stream()
                    .filter(f -> backupPrefix == null || !(f + "/").startsWith(backupPrefix))
                    .toList();
            if (changed.isEmpty() && untracked.isEmpty()) {
                return Verdict.pass("a clean working tree", "clean");
            }
            List<String> parts = new ArrayList<>();
            if (!changed.isEmpty()) {
                parts.add(changed.size() + " changed: " + names(changed));
            }
            if (!untracked.isEmpty()) {
                parts.add(untracked.size() + " untracked: " + names(untracked));
            }
            return Verdict.fail(
                    "a clean working tree",
                    String.join("; ", parts),
                    "commit or stash the changes (git stash -u), or run rollback full, which stashes them");
        }
    }

    private static String names(List<String> files) {
        return files.size() <= 5
                ? String.join(", ", files)
                : String.join(", ", files.subList(0, 5)) + " and " + (files.size() - 5) + " more";
    }

    private static String shortId(String id) {
        return id.length() > 7 ? id.substring(0, 7) : id;
    }
}
