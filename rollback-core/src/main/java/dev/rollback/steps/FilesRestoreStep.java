package dev.rollback.steps;

import dev.rollback.errors.Problem;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import dev.rollback.plan.UndoRecipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts files back from copies a run kept ({@code .env} from its {@code .env.rollback-<time>}, init scripts from the
 * safety folder); a file that had no copy did not exist before, and is removed. What each file holds now is kept in
 * this run's safety folder first, and recorded as this step's own undo, so the undo can itself be undone.
 *
 * <p>{@code ctx.undoWith(FilesRestoreStep.recipe("files", ".env back", List.of(new FileCopy(env, Optional.of(k)))));}
 */
public final class FilesRestoreStep implements Step {
    private final String name;
    private final List<FileCopy> files;

    /**
     * A file and the copy that holds what it should hold.
     *
     * @param target the file to put back
     * @param copy the copy; empty when the file did not exist (it is removed)
     */
    public record FileCopy(Path target, Optional<Path> copy) {}

    public FilesRestoreStep(String name, List<FileCopy> files) {
        this.name = name;
        this.files = List.copyOf(files);
    }

    /** The {@code files} undo recipe that makes this step. */
    public static UndoRecipe recipe(String summary, List<FileCopy> files) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            fields.put("target." + i, files.get(i).target().toString());
            int n = i;
            files.get(i).copy().ifPresent(c -> fields.put("copy." + n, c.toString()));
        }
        return UndoRecipe.of("files", summary, fields);
    }

    /** The step a {@code files} recipe names. */
    public static FilesRestoreStep of(UndoRecipe recipe) {
        List<FileCopy> files = new ArrayList<>();
        List<String> targets = recipe.list("target");
        for (int i = 0; i < targets.size(); i++) {
            files.add(new FileCopy(
                    Path.of(targets.get(i)),
                    Optional.ofNullable(recipe.fields().get("copy." + i)).map(Path::of)));
        }
        return new FilesRestoreStep("files-restore", files);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return "put back "
                + String.join(
                        ", ",
                        files.stream()
                                .map(f -> f.target().getFileName().toString())
                                .toList()) + " from the copies the run kept";
    }

    @Override
    public List<String> touches() {
        return files.stream()
                .map(f -> f.target()
                        + (f.copy().isPresent() ? " <- " + f.copy().get() : " (removed: it did not exist before)"))
                .toList();
    }

    @Override
    public boolean changesEnvironment() {
        return true;
    }

    @Override
    public boolean canUndo() {
        return true;
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        List<Problem> out = new ArrayList<>();
        for (FileCopy f : files) {
            if (f.copy().isPresent() && !Files.isRegularFile(f.copy().get())) {
                out.add(Problem.blocking(
                        f.target().getFileName().toString(),
                        "its copy " + f.copy().get() + " is gone",
                        "the run's safety copies were removed (rollback history prune?); put " + f.target()
                                + " back by hand"));
            }
        }
        return out;
    }

    @Override
    public void execute(StepContext ctx) {
        Path keep = keepBeforeChange(
                ctx,
                name,
                "put back " + describeTargets() + " as they were before this " + "step",
                files.stream().map(FileCopy::target).toList());
        try {
            for (FileCopy f : files) {
                if (f.copy().isPresent()) {
                    Files.createDirectories(f.target().getParent());
                    Files.copy(
                            f.copy().get(),
                            f.target(),
                            StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.COPY_ATTRIBUTES);
                    ctx.note("put back " + f.target().getFileName() + " from "
                            + f.copy().get().getFileName());
                } else if (Files.deleteIfExists(f.target())) {
                    ctx.note("removed " + f.target().getFileName() + " (it did not exist before the run)");
                }
            }
        } catch (IOException e) {
            throw new RollbackException(
                    name + ": cannot put back " + describeTargets() + ": " + e.getMessage()
                            + "; what they held is kept in " + keep,
                    e);
        }
    }

    /**
     * Before a step changes files: copies each that exists into the run's safety folder ({@code <dir>/}, 0700, by
     * its path in the project, the copies keeping their modes) and records the {@code files} recipe that puts them back (removing those that did not
     * exist). Returns the folder of the copies.
     */
    public static Path keepBeforeChange(StepContext ctx, String dir, String summary, List<Path> targets) {
        Path keep = ctx.safetyDir().resolve(dir);
        for (int n = 2; Files.exists(keep); n++) {
            keep = ctx.safetyDir().resolve(dir + "-" + n); // a second step of the same name keeps its own copies
        }
        List<FileCopy> before = new ArrayList<>();
        Path project = ctx.environment().projectDir();
        try {
            for (int i = 0; i < targets.size(); i++) {
                Path target = targets.get(i);
                if (Files.exists(target)) {
                    Path copy = keep.resolve(
                            target.startsWith(project)
                                    ? project.relativize(target).toString()
                                    : i + "-" + target.getFileName());
                    SecureFiles.createPrivateDirectories(copy.getParent());
                    Files.copy(target, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    before.add(new FileCopy(target, Optional.of(copy)));
                } else {
                    before.add(new FileCopy(target, Optional.empty()));
                }
            }
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot keep a safety copy of " + targets + " in " + keep + ": " + e.getMessage()
                            + "; nothing was changed",
                    e);
        }
        ctx.undoWith(recipe(summary, before));
        return keep;
    }

    private String describeTargets() {
        return String.join(
                ", ",
                files.stream().map(f -> f.target().getFileName().toString()).toList());
    }
}
