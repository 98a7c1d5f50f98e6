package dev.rollback.env;

import dev.rollback.errors.RollbackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the tool's own files out of the project's git operations: a managed block in the repository's local
 * exclude file ({@code .git/info/exclude}, never committed, never part of the work tree) lists the state directory
 * ({@code .rollback/}: lock, journals, safety copies, overrides), the {@code .env.rollback-<time>} copies, the
 * backup root when it lies inside the work tree, and {@code rollback.yaml} (excludes do not touch it once it is
 * committed). Ignored files are left alone by {@code git stash -u}, by
 * {@code git reset --hard} and by checkouts, and {@code git status} does not list them, so a rollback's stash can
 * never sweep its own lock, journal or the backup set it restores from (DevStack Core's {@code .gitignore} ignores
 * {@code backups/} but not the other two).
 *
 * <p>{@code LocalExcludes.ensure(env); // before a run takes its lock}
 */
public final class LocalExcludes {
    static final String BEGIN = "# >>> rollback SDK: its own files (lock, journals, safety copies, backups); managed";
    static final String END = "# <<< rollback SDK";

    private LocalExcludes() {}

    /**
     * Writes or refreshes the block for {@code env}; does nothing when the project is not a git repository. Returns
     * the patterns the block holds.
     */
    public static List<String> ensure(Environment env) {
        Path project = env.projectDir().toAbsolutePath().normalize();
        Optional<Path> file = excludeFile(project);
        if (file.isEmpty()) {
            return List.of();
        }
        List<String> patterns = patterns(env, project);
        try {
            List<String> lines = Files.isRegularFile(file.get())
                    ? new ArrayList<>(Files.readAllLines(file.get(), StandardCharsets.UTF_8))
                    : new ArrayList<>();
            List<String> updated = withBlock(lines, patterns);
            if (!updated.equals(lines)) {
                Files.createDirectories(file.get().getParent());
                Path tmp = file.get().resolveSibling(file.get().getFileName() + ".rollback-tmp");
                Files.write(tmp, updated, StandardCharsets.UTF_8);
                Files.move(tmp, file.get(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return patterns;
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot keep the tool's own files out of git in " + file.get() + " ("
                            + e.getMessage()
                            + "); without it a git stash would take the run's lock and journal; check that "
                            + "the file is writable",
                    e);
        }
    }

    /** The patterns, anchored at the work tree's root: {@code /.rollback/}, {@code /.env.rollback-*}, ... */
    static List<String> patterns(Environment env, Path project) {
        List<String> out = new ArrayList<>();
        relative(project, env.stateDir()).ifPresent(p -> out.add("/" + p + "/"));
        relative(project, env.envFile().toAbsolutePath().getParent())
                .ifPresent(dir -> out.add(
                        "/" + (dir.isEmpty() ? "" : dir + "/") + env.envFile().getFileName() + ".rollback-*"));
        relative(project, env.backupRoot()).filter(p -> !p.isEmpty()).ifPresent(p -> out.add("/" + p + "/"));
        out.add("/rollback.yaml"); // the tool's settings, when the project has not committed them
        return out;
    }

    /** {@code lines} with the managed block replaced by (or appended as) one holding {@code patterns}. */
    static List<String> withBlock(List<String> lines, List<String> patterns) {
        List<String> out = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines) {
            if (line.equals(BEGIN)) {
                inBlock = true;
            } else if (inBlock && line.equals(END)) {
                inBlock = false;
            } else if (!inBlock) {
                out.add(line);
            }
        }
        out.add(BEGIN);
        out.addAll(patterns);
        out.add(END);
        return out;
    }

    /** {@code <git dir>/info/exclude} of the repository whose work tree is {@code project}, if it is one. */
    static Optional<Path> excludeFile(Path project) {
        Path dotGit = project.resolve(".git");
        try {
            if (Files.isDirectory(dotGit)) {
                return Optional.of(dotGit.resolve("info").resolve("exclude"));
            }
            if (Files.isRegularFile(dotGit)) { // a linked worktree or submodule: "gitdir: <path>"
                String first = Files.readAllLines(dotGit, StandardCharsets.UTF_8).stream()
                        .findFirst()
                        .orElse("");
                if (first.startsWith("gitdir:")) {
                    Path gitDir = project.resolve(
                                    first.substring("gitdir:".length()).strip())
                            .normalize();
                    Path common = gitDir.resolve("commondir");
                    if (Files.isRegularFile(common)) {
                        gitDir = gitDir.resolve(Files.readString(common, StandardCharsets.UTF_8)
                                        .strip())
                                .normalize();
                    }
                    return Optional.of(gitDir.resolve("info").resolve("exclude"));
                }
            }
        } catch (IOException e) {
            throw new RollbackException("cannot read " + dotGit + " (" + e.getMessage() + ")", e);
        }
        return Optional.empty();
    }

    private static Optional<String> relative(Path project, Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(project)) {
            return Optional.empty();
        }
        return Optional.of(project.relativize(p).toString().replace('\\', '/'));
    }
}
