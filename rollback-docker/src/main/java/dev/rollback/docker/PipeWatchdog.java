package dev.rollback.docker;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Watches a helper container while this process opens its end of a named pipe: opening a pipe blocks until the other
 * end is opened too, so should the helper end first, the watchdog opens the other end itself and the blocked open
 * returns (the transfer then sees nothing, or fails, and says so).
 *
 * <p>{@code Thread w = PipeWatchdog.start(opened, () -> running(id), () -> Files.newOutputStream(fifo).close());}
 */
final class PipeWatchdog {
    private PipeWatchdog() {}

    /** Opens the pipe's other end, so that this end's open returns. */
    interface Unblock {
        void run() throws IOException;
    }

    /** Checks every 50 ms until {@code opened}; interrupt the returned thread once the transfer is done. */
    static Thread start(AtomicBoolean opened, BooleanSupplier helperRuns, Unblock unblock) {
        Thread t = new Thread(
                () -> {
                    while (!opened.get()) {
                        if (!helperRuns.getAsBoolean()) {
                            try {
                                unblock.run();
                            } catch (IOException ignored) {
                                // the open it unblocks reports what happened
                            }
                            return;
                        }
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "rollback-volume-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
