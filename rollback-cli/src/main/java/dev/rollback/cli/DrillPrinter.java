package dev.rollback.cli;

import dev.rollback.events.RollbackEvent;
import dev.rollback.events.RollbackListener;
import java.io.PrintWriter;

/**
 * Prints a drill's events: each stage as it starts, the lines a stage reports (services starting), and the
 * rollback's steps through a {@link StepPrinter}.
 *
 * <p>{@code SandboxDrill.in(dir).withListener(new DrillPrinter(out)).run();}
 */
final class DrillPrinter implements RollbackListener {
    private final PrintWriter out;
    private final StepPrinter steps;

    DrillPrinter(PrintWriter out) {
        this.out = out;
        this.steps = new StepPrinter(out, "    ");
    }

    @Override
    public void on(RollbackEvent e) {
        switch (e.type()) {
            case STAGE_STARTED -> out.println("▸ " + e.subject());
            case NOTE -> out.println("     " + e.message());
            default -> {
                steps.on(e);
                return;
            }
        }
        out.flush();
    }
}
