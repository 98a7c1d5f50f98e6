package dev.rollback.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * For fault tests only: holds a run at a named point so a test can kill the process there (kill -9 at a step
 * boundary or inside a long step), then check what {@code undo} makes of the interrupted run. Off unless the
 * environment variable {@code ROLLBACK_TEST_HOLD_AT} names a point: {@code <step>} (before the first step with that
 * name starts), {@code <step>#<n>} (before the n-th, as {@code recreate#2}: the second restart wave) or
 * {@code <step>:<point>} (a point inside it, see {@link StepContext#faultPoint(String)}). At that point
 * the run writes {@code held} into its folder, naming the point, and waits until the file is removed. A run without
 * the variable never waits.
 */
final class FaultPoints {
    /** The file a held run writes into its folder. */
    static final String HELD = "held";

    private static final String WHERE = System.getenv("ROLLBACK_TEST_HOLD_AT");

    private FaultPoints() {}

    /** Holds the run before {@code steps[index]} if the switch names that step ({@code <step>} or {@code <step>#<n>}). */
    static void beforeStep(Path runDir, List<Step> steps, int index) {
        if (WHERE == null) {
            return;
        }
        String name = steps.get(index).name();
        long nth = 1
                + steps.subList(0, index).stream()
                        .filter(s -> s.name().equals(name))
                        .count();
        reach(runDir, name, name + "#" + nth);
    }

    /** Holds the run if the switch names this point (by any of its names). */
    static void reach(Path runDir, String... names) {
        if (WHERE == null || !Arrays.asList(names).contains(WHERE)) {
            return;
        }
        Path held = runDir.resolve(HELD);
        try {
            Files.writeString(held, WHERE + "\n");
            while (Files.exists(held)) {
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
