package dev.rollback.plan;

import java.util.List;

/**
 * A step of a resumed run that the interrupted run finished: not run again, reported {@code SKIPPED} with the run
 * that did it.
 *
 * <p>{@code new DoneStep(resetStep, "20261207_031522-19fd")}
 */
public final class DoneStep implements Step {
    private final Step done;
    private final String by;

    /**
     * @param done the step as the plan built again has it
     * @param by the id of the run that finished it
     */
    public DoneStep(Step done, String by) {
        this.done = done;
        this.by = by;
    }

    @Override
    public String name() {
        return done.name();
    }

    @Override
    public String describe() {
        return done.describe() + " (done by run " + by + ")";
    }

    /** The run that finished it. */
    public String doneBy() {
        return by;
    }

    @Override
    public List<String> touches() {
        return List.of();
    }

    @Override
    public void execute(StepContext ctx) {
        // done already: the runner reports it skipped
    }
}
