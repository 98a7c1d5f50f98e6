package dev.rollback.validation.probe;

import dev.rollback.validation.parse.TestCounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The project's test command run once ({@code sh -c}, from the project directory, stdin closed), killed with its
 * children when it outlives its time limit, its counts read from its output (JUnit XML, TAP, pytest, bats, go,
 * surefire or DevStack's summary).
 *
 * <p>{@code TestCommand.Result r = TestCommand.run(home, "tests/run-all-tests.sh", Duration.ofMinutes(30));}
 */
public final class TestCommand {
    /** The most output kept for reading the counts. */
    private static final int MAX_OUTPUT = 8 * 1024 * 1024;

    private TestCommand() {}

    /**
     * How the command ended.
     *
     * @param ended false when it was killed at the time limit
     * @param exit its exit code ({@code -1} when killed)
     * @param outputChars how many characters of output were read
     * @param counts the test counts its output gave, if any
     */
    public record Result(boolean ended, int exit, int outputChars, Optional<TestCounts> counts) {}

    public static Result run(Path projectDir, String command, Duration limit) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command)
                .directory(projectDir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(p.getInputStream(), output), "rollback-test-output");
        reader.setDaemon(true);
        reader.start();
        boolean ended;
        try {
            ended = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        reader.join(5000);
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        return new Result(ended, ended ? p.exitValue() : -1, text.length(), TestCounts.parse(text));
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (out) {
                    if (out.size() < MAX_OUTPUT) {
                        out.write(buf, 0, Math.min(n, MAX_OUTPUT - out.size()));
                    }
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: what was read is kept
        }
    }
}
