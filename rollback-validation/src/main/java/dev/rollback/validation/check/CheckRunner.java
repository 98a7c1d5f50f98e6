package dev.rollback.validation.check;

import dev.rollback.validation.report.CheckOutcome;
import dev.rollback.validation.report.CheckStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs checks in parallel, each within its own timeout, and returns their outcomes in the order given. A body that
 * throws {@link CheckSkipped} is skipped with its reason; any other exception fails the check with its message; a
 * body still running at its timeout fails the check as timed out and is interrupted.
 *
 * <p>{@code List<CheckOutcome> out = new CheckRunner(8).run(checks, ctx, outcome -> {});}
 */
public final class CheckRunner {
    private static final int MAX_MESSAGE = 400;
    private final int threads;

    /** A runner of at most {@code threads} checks at once. */
    public CheckRunner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a runner needs at least one thread");
        }
        this.threads = threads;
    }

    /** Runs every check; {@code done} hears each outcome as its check ends (from the runner's threads). */
    public List<CheckOutcome> run(List<Check> checks, CheckContext ctx, Consumer<CheckOutcome> done) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory named = r -> {
            Thread t = new Thread(r, "rollback-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, checks.size())), named);
        try {
            List<Future<CheckOutcome>> running = new ArrayList<>();
            for (Check check : checks) {
                running.add(pool.submit(() -> {
                    CheckOutcome o = runOne(check, ctx);
                    done.accept(o);
                    return o;
                }));
            }
            List<CheckOutcome> out = new ArrayList<>();
            for (Future<CheckOutcome> f : running) {
                out.add(get(f));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static CheckOutcome get(Future<CheckOutcome> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the checks ran", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a check's runner failed", e.getCause());
        }
    }

    /** One check on the calling thread's behalf: its body runs on its own thread so that its timeout holds. */
    static CheckOutcome runOne(Check check, CheckContext ctx) {
        long start = System.nanoTime();
        ExecutorService own = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rollback-check-" + check.id());
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Verdict> body = own.submit(() -> check.body().run(ctx));
            Verdict v;
            try {
                v = body.get(check.timeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                body.cancel(true);
                v = Verdict.fail(
                        "an answer within " + seconds(check.timeout()),
                        "no answer within " + seconds(check.timeout()),
                        "see why the environment answers so slowly (is a service hanging?), then validate again");
            } catch (ExecutionException e) {
                v = fromFailure(e.getCause());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (v.status() == CheckStatus.SKIPPED) {
                return CheckOutcome.skipped(check.id(), check.group(), check.title(), v.found());
            }
            return new CheckOutcome(
                    check.id(), check.group(), check.title(), v.status(), v.expected(), v.found(), v.todo(), took);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckOutcome.skipped(check.id(), check.group(), check.title(), "the validation was interrupted");
        } finally {
            own.shutdownNow();
        }
    }

    private static Verdict fromFailure(Throwable t) {
        if (t instanceof CheckSkipped s) {
            return Verdict.skip(s.getMessage());
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        message = message.strip();
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        return Verdict.fail("an answer", message, "fix what the message names, then validate again");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
