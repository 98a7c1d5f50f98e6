package dev.rollback.validation.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.env.ValidationSettings;
import dev.rollback.fixtures.ProjectFixture;
import dev.rollback.spi.Connections;
import dev.rollback.validation.report.CheckOutcome;
import dev.rollback.validation.report.CheckStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the runner turns bodies into outcomes: pass, fail, skip, a thrown error, a timeout; in parallel, in order. */
class CheckRunnerTest {
    @TempDir
    Path tmp;

    Connections connections;
    CheckContext ctx;

    @BeforeEach
    void context() {
        var env = ProjectFixture.create(tmp).environment();
        connections = Connections.to(env);
        ctx = new CheckContext(
                env,
                connections,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Instant.now(),
                Set.of(),
                ValidationSettings.ofDefaults());
    }

    @AfterEach
    void close() {
        connections.close();
    }

    @Test
    void eachBodyEndsAsItSays() {
        List<CheckOutcome> out = new CheckRunner(4)
                .run(
                        List.of(
                                Check.of("t.pass", "t", "passes", c -> Verdict.pass("1", "1")),
                                Check.of("t.fail", "t", "fails", c -> Verdict.fail("1", "2", "do this")),
                                Check.of("t.skip", "t", "skips", c -> {
                                    throw new CheckSkipped("postgres is not running (see services.running)");
                                }),
                                Check.of("t.throws", "t", "throws", c -> {
                                    throw new IllegalStateException("the engine said no");
                                })),
                        ctx,
                        o -> {});

        assertThat(out).extracting(CheckOutcome::id).containsExactly("t.pass", "t.fail", "t.skip", "t.throws");
        assertThat(out)
                .extracting(CheckOutcome::status)
                .containsExactly(CheckStatus.PASSED, CheckStatus.FAILED, CheckStatus.SKIPPED, CheckStatus.FAILED);
        assertThat(out.get(1).todo()).isEqualTo("do this");
        assertThat(out.get(2).reason()).isEqualTo("postgres is not running (see services.running)");
        assertThat(out.get(3).found()).isEqualTo("the engine said no");
        assertThat(out.get(3).todo()).isNotEmpty();
    }

    @Test
    void aBodyPastItsTimeoutFailsAndIsInterrupted() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        Check slow = new Check("t.slow", "t", "hangs", Duration.ofMillis(200), c -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return Verdict.pass("", "");
        });

        CheckOutcome o = new CheckRunner(1).run(List.of(slow), ctx, x -> {}).get(0);

        assertThat(o.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(o.found()).isEqualTo("no answer within 200 ms");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void checksRunAtOnceAndEveryOutcomeIsHeard() {
        // four bodies that each wait for all four to have started: only a parallel runner gets past the latch
        CountDownLatch started = new CountDownLatch(4);
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            checks.add(Check.of("t." + i, "t", "waits for the others", c -> {
                started.countDown();
                return Verdict.of(started.await(5, TimeUnit.SECONDS), "all started", "", "");
            }));
        }
        List<String> heard = Collections.synchronizedList(new ArrayList<>());

        List<CheckOutcome> out = new CheckRunner(4).run(checks, ctx, o -> heard.add(o.id()));

        assertThat(out).allSatisfy(o -> assertThat(o.status()).isEqualTo(CheckStatus.PASSED));
        assertThat(heard).containsExactlyInAnyOrder("t.0", "t.1", "t.2", "t.3");
    }
}
