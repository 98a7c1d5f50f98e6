package dev.rollback.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test helpers: files in a work tree, and the real {@code git} CLI to cross-check what JGit wrote.
 *
 * <p>{@code GitFixture.write(dir, "docs/a.md", "x"); GitFixture.git(dir, "rev-parse", "HEAD");}
 */
public final class GitFixture {
    private GitFixture() {}

    public static Path write(Path root, String path, String content) {
        return write(root, path, content.getBytes(StandardCharsets.UTF_8));
    }

    public static Path write(Path root, String path, byte[] content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path writeExecutable(Path root, String path, String content) {
        Path file = write(root, path, content);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public static String read(Path root, String path) {
        try {
            return Files.readString(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Path root, String path) {
        try {
            return Files.readAllBytes(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean executable(Path root, String path) {
        return Files.isExecutable(root.resolve(path));
    }

    /** Runs {@code git args} in {@code dir}, asserts success and returns stdout without its trailing newline. */
    public static String git(Path dir, String... args) {
        Result result = run(dir, null, args);
        assertThat(result.exit())
                .as("git %s failed: %s", String.join(" ", args), result.stderr())
                .isZero();
        return result.stdout();
    }

    /** Runs {@code git args} in {@code dir} with {@code stdin}, whatever its exit code. */
    public static Result run(Path dir, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=Fixture",
                "-c",
                "user.email=fixture@example.invalid",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "advice.detachedHead=false"));
        command.addAll(List.of(args));
        return exec(dir, stdin, command);
    }

    /** Runs a shell command line in {@code dir} (globs expanded by the shell, as in the runbook), asserts success. */
    public static String sh(Path dir, String commandLine) {
        Result result = exec(dir, null, List.of("sh", "-c", commandLine));
        assertThat(result.exit())
                .as("sh -c '%s' failed: %s", commandLine, result.stderr())
                .isZero();
        return result.stdout();
    }

    private static Result exec(Path dir, String stdin, List<String> command) {
        try {
            Path out = Files.createTempFile("git-out", ".txt");
            Path err = Files.createTempFile("git-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            Process process = builder.start();
            if (stdin != null) {
                process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            process.getOutputStream().close();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("%s timed out", command)
                    .isTrue();
            Result result =
                    new Result(process.exitValue(), Files.readString(out).stripTrailing(), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int exit, String stdout, String stderr) {}
}
