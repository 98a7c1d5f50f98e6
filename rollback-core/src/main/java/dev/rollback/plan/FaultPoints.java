package dev.rollback.plan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For fault tests only: holds a run at a named point so a test can kill the process there (kill -9 at a step
 * boundary or inside a long step), then check what {@code undo} makes of the interrupted run. Off unless the
 * environment variable {@code ROLLBACK_TEST_HOLD_AT} names a point: {@code <step>} (before the step with that name
 * starts) or {@code <step>:<point>} (a point inside it, see {@link StepContext#faultPoint(String)}). At that point
 * the run writes {@code held} into its folder, naming the point, and waits until the file is removed. A run without
 * the variable never waits.
 */
final class FaultPoints {
    /** The file a held run writes into its folder. */
    static final String HELD = "held";
    private static final String WHERE = System.getenv("ROLLBACK_TEST_HOLD_AT");

    private FaultPoints() {
    }

    /** Holds the run if the switch names this point. */
    static void reach(Path runDir, String point) {
        if (WHERE == null || !WHERE.equals(point)) {
            return;
        }
        Path held = runDir.resolve(HELD);
        try {
            Files.writeString(held, point + "\n");
            while (Files.exists(held)) {
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
