package dev.rollback.cli;

import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import dev.rollback.io.Durations;
import java.io.PrintWriter;

/**
 * Prints a run's events as lines: each step with its notes and duration, preflight problems, failures.
 *
 * <p>{@code Rollback.in(home).full().withListener(new StepPrinter(out, "    ")).execute();}
 */
final class StepPrinter implements RollbackListener {
    private final PrintWriter out;
    private final String indent;
    private int total;

    StepPrinter(PrintWriter out, String indent) {
        this.out = out;
        this.indent = indent;
    }

    @Override
    public void on(RollbackEvent e) {
        switch (e.type()) {
            case RUN_STARTED -> total = (int) e.total();
            case PREFLIGHT_PROBLEM -> out.println(indent + "preflight " + e.stepName() + ": " + e.message());
            case STEP_STARTED ->
                out.printf("%s%d/%d %-14s %s%n", indent, e.stepIndex() + 1, total, e.stepName(), e.message());
            case STEP_NOTE -> out.println(indent + "      " + e.message());
            case STEP_PROGRESS -> out.println(indent + "      … " + e.message());
            case STEP_SKIPPED ->
                out.printf("%s%d/%d %-14s skipped: %s%n", indent, e.stepIndex() + 1, total, e.stepName(), e.message());
            case STEP_FINISHED -> out.println(indent + "      done in " + Durations.format(e.elapsed()));
            case STEP_FAILED ->
                out.println(indent + "      FAILED after " + Durations.format(e.elapsed()) + ": " + e.message());
            case RUN_FAILED -> out.println(indent + e.message());
            default -> {}
        }
        out.flush();
    }
}
