package dev.rollback.docker;

import dev.rollback.env.Environment;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A compose project a test writes into a temp directory, brought up with the compose CLI and always taken down
 * (containers, networks, volumes) on {@link #close()}.
 *
 * <p>{@code try (TestProject p = TestProject.create(tmp, yaml)) { p.compose("up", "-d"); docker.list(p.env()); }}
 */
final class TestProject implements AutoCloseable {
    final Path dir;
    final String name;
    private final String compose;

    private TestProject(Path dir, String compose) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.compose = compose;
    }

    /** A project in {@code parent/rbit<random>} (the directory name is the project name) with this compose file. */
    static TestProject create(Path parent, String composeYaml) {
        Path dir = parent.resolve(
                "rbit" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("docker-compose.yml"), composeYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestProject(dir, onPath("docker-compose") ? "docker-compose" : "docker");
    }

    TestProject write(String file, String content) {
        try {
            Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The environment as the SDK loads it (HOME pointed into the project, nothing else from this process). */
    Environment env() {
        return Environment.custom(dir)
                .withProcessEnvironment(Map.of("HOME", dir.toString()))
                .build();
    }

    /** Runs {@code compose -p <name> <args>} in the project directory; a failure fails the test with its output. */
    void compose(String... args) {
        List<String> command =
                new ArrayList<>(compose.equals("docker") ? List.of("docker", "compose") : List.of(compose));
        command.addAll(List.of("-p", name));
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("compose", ".log");
            try {
                Process p = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                p.getOutputStream().close();
                if (!p.waitFor(3, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new AssertionError(command + " did not finish: " + Files.readString(log));
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError(command + " failed: " + Files.readString(log, StandardCharsets.UTF_8));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        compose("down", "-v", "-t", "0", "--remove-orphans");
    }

    private static boolean onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, exe))) {
                return true;
            }
        }
        return false;
    }
}
