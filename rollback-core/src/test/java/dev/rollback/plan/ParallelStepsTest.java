package dev.rollback.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelStepsTest {
    @TempDir
    Path dir;

    StepContext ctx;
    List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void context() throws Exception {
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  app: {image: local/busybox}\n");
        Environment env = Environment.custom(dir)
                .withProcessEnvironment(Map.of("HOME", dir.toString()))
                .build();
        ctx = new StepContext(env, "r1", dir.resolve("run"), e -> events.add(e.message()), Clock.systemUTC(), Map.of());
    }

    private static Step step(String name, Runnable work) {
        return new Step() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String describe() {
                return "do " + name;
            }

            @Override
            public void execute(StepContext c) {
                work.run();
                c.note(name + " done");
            }
        };
    }

    @Test
    void partsRunSideBySideAndEachNoteArrives() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Runnable meet = () -> {
            bothStarted.countDown();
            try {
                assertThat(bothStarted.await(5, TimeUnit.SECONDS))
                        .as("the other part ran at the same time")
                        .isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        new ParallelSteps("restore", "restore two", List.of(step("a", meet), step("b", meet)), 2).execute(ctx);

        assertThat(events).contains("a done", "b done");
    }

    @Test
    void aFailingPartLetsTheOthersFinishAndEveryFailureIsNamed() {
        Set<String> finished = ConcurrentHashMap.newKeySet();
        List<Step> parts = List.of(
                step("a", () -> {
                    throw new RollbackException("volume a: disk full");
                }),
                step("b", () -> finished.add("b")),
                step("c", () -> {
                    throw new RollbackException("volume c: refused");
                }));

        assertThatThrownBy(() -> new ParallelSteps("restore", "restore three", parts, 2).execute(ctx))
                .isInstanceOf(RollbackException.class)
                .hasMessageContaining("2 of 3 parts of restore failed")
                .hasMessageContaining("volume a: disk full")
                .hasMessageContaining("volume c: refused");
        assertThat(finished).containsExactly("b");
    }

    @Test
    void aSinglePartKeepsItsOwnNameAndDescription() {
        ParallelSteps one =
                new ParallelSteps("db-restore", "restore one", List.of(step("db-restore/postgres", () -> {})), 3);

        assertThat(one.name()).isEqualTo("db-restore/postgres");
        assertThat(one.describe()).isEqualTo("do db-restore/postgres");
    }
}
