package dev.rollback.steps;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.FileTrees;
import dev.rollback.io.SecureFiles;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Replaces a directory (the Vault key directory) with a saved copy: the current directory is moved aside into the
 * run's safety area, never deleted; the copy is owner-only (files 0600, directories 0700, whatever the saved copy
 * had); the result is compared file by file.
 *
 * <p>{@code new DirectoryRestoreStep("vault-keys", backup.resolve("vault-keys"), env.vaultKeyDir(),
 * List.of("keys.json", "root-token"))}
 */
public final class DirectoryRestoreStep implements Step {
    private final String name;
    private final Path source;
    private final Path target;
    private final List<String> required;

    /**
     * @param name the step's name
     * @param source the saved copy
     * @param target the directory to replace
     * @param required files that must be in the saved copy for it to be usable
     */
    public DirectoryRestoreStep(String name, Path source, Path target, List<String> required) {
        this.name = name;
        this.source = source;
        this.target = target;
        this.required = List.copyOf(required);
    }

    @Override
    public boolean changesEnvironment() {
        return true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "restore " + target + " from " + source;
    }

    @Override
    public List<String> touches() {
        return List.of(target + " (the current directory is moved aside, not deleted)");
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        if (!Files.isDirectory(source)) {
            return List.of(
                    Problem.blocking(name, "the saved copy " + source + " does not exist", "name an existing backup"));
        }
        List<Problem> out = new ArrayList<>();
        for (String r : required) {
            if (!Files.isRegularFile(source.resolve(r))) {
                out.add(Problem.blocking(
                        name,
                        "the saved copy " + source + " has no " + r,
                        "this backup cannot restore " + target + "; pick another"));
            }
        }
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        Path aside = null;
        boolean moved = false;
        try {
            Map<String, String> wanted = FileTrees.checksums(source);
            if (Files.exists(target) && FileTrees.checksums(target).equals(wanted)) {
                ctx.note(target + " already matches the saved copy (" + wanted.size() + " files)");
                return;
            }
            if (Files.exists(target)) {
                aside = ctx.safetyDir().resolve(name + "-before");
                ctx.undoWith(recipe(name, aside, target));
                ctx.faultPoint("recorded");
                FileTrees.move(target, aside);
                moved = true;
                ctx.note("previous " + target.getFileName() + " moved aside to " + aside);
                ctx.faultPoint("moved-aside");
            }
            FileTrees.copy(source, target);
            Map<String, String> got = FileTrees.checksums(target);
            if (!got.equals(wanted)) {
                throw new RollbackException(name + ": " + target + " differs from " + source + " after the copy; "
                        + "the previous directory is kept in " + aside);
            }
            int tightened = ownerOnly(target);
            ctx.note("restored " + wanted.size() + " files into " + target + ", checksums match"
                    + (tightened == 0 ? "" : "; " + tightened + " open to others made owner-only (0600/0700)"));
        } catch (IOException e) {
            throw new RollbackException(
                    name + ": cannot restore " + target + " from " + source + ": "
                            + e.getMessage()
                            + (moved
                                    ? "; the previous directory is kept in " + aside
                                    : Files.exists(target) ? "; " + target + " was not changed" : ""),
                    e);
        }
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    /** The {@code directory} undo recipe: put {@code target} back from {@code copy}. */
    static UndoRecipe recipe(String name, Path copy, Path target) {
        return UndoRecipe.of(
                "directory",
                target.getFileName() + " back as it was",
                Map.of("name", name, "copy", copy.toString(), "target", target.toString()));
    }

    /**
     * The step a {@code directory} recipe names; when the copy is not there (the run stopped before the directory
     * was moved aside whole, so it was never replaced), a step that only says so.
     */
    public static Step of(UndoRecipe recipe) {
        Path copy = Path.of(recipe.field("copy"));
        Path target = Path.of(recipe.field("target"));
        if (!Files.isDirectory(copy)) {
            return new Step() {
                @Override
                public String name() {
                    return recipe.field("name");
                }

                @Override
                public String describe() {
                    return "leave " + target + " as it is (the run stopped before replacing it)";
                }

                @Override
                public void execute(StepContext ctx) {
                    ctx.note(target + ": the run stopped before moving it aside; left as it is");
                }
            };
        }
        return new DirectoryRestoreStep(recipe.field("name"), copy, target, List.of());
    }

    /**
     * Makes every file 0600 and every directory 0700 under {@code dir} (a key directory: whoever reads it can unseal
     * Vault); a saved copy made with {@code cp -r} carries 0644. Returns how many were open to others.
     */
    private static int ownerOnly(Path dir) throws IOException {
        int changed = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                if (SecureFiles.isOpenToOthers(p, LinkOption.NOFOLLOW_LINKS)) {
                    changed++;
                }
                SecureFiles.makePrivate(p);
            }
        }
        return changed;
    }
}
