package dev.rollback.cli;

import dev.rollback.io.Durations;
import dev.rollback.validation.report.CheckOutcome;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Prints one line on stderr as each validation check ends, while the others still run: {@code ✓} passed, {@code ✗}
 * failed, {@code –} skipped, then the check's id and how long it took.
 *
 * <p>{@code Validation.of(env).onEachCheck(new CheckProgressPrinter(err)).run()} prints {@code   ✓ git.branch 12ms}
 */
final class CheckProgressPrinter implements Consumer<CheckOutcome> {
    private final PrintWriter err;

    CheckProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void accept(CheckOutcome o) { // the runner's threads call it at once
        err.println("  " + line(o));
        err.flush();
    }

    /** {@code ✗ services.running 1.20s}; a skipped check without a time. */
    static String line(CheckOutcome o) {
        return switch (o.status()) {
            case PASSED -> "✓ " + o.id() + " " + Durations.format(o.took());
            case FAILED -> "✗ " + o.id() + " " + Durations.format(o.took());
            case SKIPPED -> "– " + o.id() + " skipped";
        };
    }
}
