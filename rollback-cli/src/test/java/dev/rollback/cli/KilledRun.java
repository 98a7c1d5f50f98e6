package dev.rollback.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A CLI run in a process of its own, held at a fault point ({@code ROLLBACK_TEST_HOLD_AT}) and killed there with
 * SIGKILL, as a closed laptop or {@code kill -9} would: what the fault tests then undo or resume.
 *
 * <p>{@code KilledRun.at(home, "git-reset", Map.of(), "full", "--to", "01eec5a").kill();}
 */
final class KilledRun {
    private final Process process;
    private final Path runs;
    private final Path log;

    private KilledRun(Process process, Path runs, Path log) {
        this.process = process;
        this.runs = runs;
        this.log = log;
    }

    /** Starts {@code rollback -C <home> <args>} held at {@code point}; returns once it is held there. */
    static KilledRun at(Path home, String point, Map<String, String> env, Duration within, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "-C",
                home.toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("killed-run-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("ROLLBACK_TEST_HOLD_AT", point);
        KilledRun run = new KilledRun(pb.start(), home.resolve(".rollback/runs"), log);
        long deadline = System.nanoTime() + within.toNanos();
        while (run.held().isEmpty()) {
            if (!run.process.isAlive()) {
                throw new AssertionError("the run ended (exit " + run.process.exitValue() + ") before reaching " + point
                        + ":\n" + Files.readString(log));
            }
            if (System.nanoTime() - deadline > 0) {
                run.process.destroyForcibly().waitFor();
                throw new AssertionError(
                        "the run did not reach " + point + " within " + within + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return run;
    }

    /** The {@code held} file of the run's folder, once the run is held. */
    private Optional<Path> held() throws IOException {
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            return dirs.map(d -> d.resolve("held")).filter(Files::isRegularFile).findFirst();
        }
    }

    /** Lets the held run go on (its {@code held} file removed) and waits for it to end; its exit code. */
    int release() throws IOException, InterruptedException {
        Optional<Path> held = held();
        if (held.isPresent()) {
            Files.delete(held.get());
        }
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the released run did not end within 2 minutes:\n" + Files.readString(log));
        }
        return process.exitValue();
    }

    /** What the process printed so far (stdout and stderr). */
    String printed() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL, then waits for the process to be gone; what it printed. */
    String kill() throws IOException, InterruptedException {
        process.destroyForcibly().waitFor();
        Optional<Path> held = held();
        if (held.isPresent()) {
            Files.delete(held.get()); // the marker of the test switch, not part of the run's state
        }
        return Files.readString(log);
    }
}
