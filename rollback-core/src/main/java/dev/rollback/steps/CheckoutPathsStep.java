package dev.rollback.steps;

import dev.rollback.errors.Problem;
import dev.rollback.git.GitRepository;
import dev.rollback.plan.Step;
import dev.rollback.plan.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code git checkout <commit> -- <patterns>}, keeping a safety copy of every file it overwrites.
 *
 * <p>{@code new CheckoutPathsStep("80f7072", List.of("configs/mysql/scripts/init.sh"), "revert-init", true)}
 */
public final class CheckoutPathsStep implements Step {
    private final String commit;
    private final List<String> patterns;
    private final String name;
    private final boolean everyPatternRequired;

    /**
     * @param commit where the files come from
     * @param patterns files, directories ({@code docs/}) or globs ({@code configs/*}{@code /performance/})
     * @param name the step's name in plans and journals
     * @param everyPatternRequired whether a pattern that matches nothing blocks the plan; when false it is a
     *        warning and only a plan where no pattern matches anything is blocked
     */
    public CheckoutPathsStep(String commit, List<String> patterns, String name, boolean everyPatternRequired) {
        this.commit = commit;
        this.patterns = List.copyOf(patterns);
        this.name = name;
        this.everyPatternRequired = everyPatternRequired;
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
        return "restore " + String.join(", ", patterns) + " from " + commit;
    }

    @Override
    public List<String> touches() {
        return patterns.stream().map(p -> "files matching " + p).toList();
    }

    @Override
    public List<Problem> preflight(StepContext ctx) {
        List<Problem> problems = GitSteps.checkRevision(ctx, commit);
        if (!problems.isEmpty()) {
            return problems;
        }
        List<String> missing;
        try (GitRepository repo = GitSteps.open(ctx)) {
            missing = patterns.stream()
                    .filter(p -> repo.matchPaths(commit, List.of(p)).isEmpty())
                    .toList();
        }
        boolean block = everyPatternRequired || missing.size() == patterns.size();
        return missing.stream()
                .map(p -> new Problem(
                        "git",
                        "'" + p + "' matches no file in commit " + commit,
                        block ? "check the path, or pick the commit that has it" : "it is skipped",
                        block))
                .toList();
    }

    @Override
    public void execute(StepContext ctx) {
        Path root = ctx.environment().projectDir();
        List<String> restored;
        try (GitRepository repo = GitSteps.open(ctx)) {
            List<String> present = new ArrayList<>();
            SortedSet<String> files = new TreeSet<>();
            for (String p : patterns) {
                List<String> matched = repo.matchPaths(commit, List.of(p));
                if (!matched.isEmpty()) {
                    present.add(p);
                    files.addAll(matched);
                }
            }
            FilesRestoreStep.keepBeforeChange(
                    ctx,
                    name,
                    String.join(", ", files) + " back as they " + "were",
                    files.stream().map(root::resolve).toList());
            restored = repo.checkoutPaths(commit, present);
        }
        restored.forEach(f -> ctx.note("restored " + f + " from " + commit));
    }

    @Override
    public boolean canUndo() {
        return true;
    }
}
