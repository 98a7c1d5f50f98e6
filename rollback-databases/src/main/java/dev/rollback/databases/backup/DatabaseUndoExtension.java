package dev.rollback.databases.backup;

import dev.rollback.env.Environment;
import dev.rollback.plan.Step;
import dev.rollback.plan.UndoRecipe;
import dev.rollback.spi.PlanExtension;
import java.util.List;
import java.util.Optional;

/**
 * What {@code rollback undo} needs of this module: the step that puts a database back from a safety dump (recipe
 * kind {@code db}: one a {@link DatabaseRestoreStep} took, or one of what a recreate would lose, kept before the
 * stop by a {@link PreStopDumpStep}).
 */
public final class DatabaseUndoExtension implements PlanExtension {

    @Override
    public List<Step> beforeStop(Environment env, List<String> services) {
        return services.stream()
                .flatMap(s -> env.catalog().find(s).stream())
                .filter(PreStopDumpStep::losesDataOnRecreate)
                .map(s -> (Step) new PreStopDumpStep(s.name()))
                .toList();
    }

    @Override
    public Optional<Step> undoStep(Environment env, UndoRecipe recipe) {
        return "db".equals(recipe.kind()) ? Optional.of(SafetyDumpRestoreStep.of(recipe)) : Optional.empty();
    }
}
