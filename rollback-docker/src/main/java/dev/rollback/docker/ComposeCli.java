package dev.rollback.docker;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs the compose CLI on a project: {@code docker compose} (v2) when {@code docker compose version} works, else
 * {@code docker-compose} (v1). Only paths, the project name and service names go into its arguments; values come
 * from the project's {@code .env} as compose reads it, so no secret is ever in a process argument.
 *
 * <p>{@code ComposeCli.detect(Map.of()).recreate(env, List.of("mysql"), List.of())}
 */
final class ComposeCli {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);
    static final int TAIL_LINES = 30;

    private final List<String> base;
    private final Map<String, String> extraEnvironment;
    private final Duration timeout;

    ComposeCli(List<String> base, Map<String, String> extraEnvironment, Duration timeout) {
        this.base = List.copyOf(base);
        this.extraEnvironment = Map.copyOf(extraEnvironment);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Finds the compose CLI on {@code PATH}: v2 first, then v1.
     *
     * @param extraEnvironment set in the CLI's environment ({@code DOCKER_HOST} of the runtime's engine)
     */
    static ComposeCli detect(Map<String, String> extraEnvironment) {
        // Looking at the files first saves a process start (~0.3 s for docker-compose v1) on every run.
        if (pluginInstalled()) {
            return new ComposeCli(List.of("docker", "compose"), extraEnvironment, DEFAULT_TIMEOUT);
        }
        if (onPath("docker-compose")) {
            return new ComposeCli(List.of("docker-compose"), extraEnvironment, DEFAULT_TIMEOUT);
        }
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> probe = new ArrayList<>(candidate);
            probe.add("version");
            ComposeCli cli = new ComposeCli(candidate, extraEnvironment, PROBE_TIMEOUT);
            try {
                if (cli.execute(probe, Path.of(".")).exitCode() == 0) {
                    return new ComposeCli(candidate, extraEnvironment, DEFAULT_TIMEOUT);
                }
            } catch (RollbackException notThere) {
                // try the next one
            }
        }
        throw new RollbackException("neither 'docker compose' (v2) nor 'docker-compose' (v1) runs on this machine;"
                + " install the compose plugin (apt-get install docker-compose-plugin) or docker-compose");
    }

    private static boolean pluginInstalled() {
        String home = System.getProperty("user.home");
        List<Path> dirs = new ArrayList<>();
        String config = System.getenv("DOCKER_CONFIG");
        dirs.add(config != null ? Path.of(config, "cli-plugins") : Path.of(home, ".docker", "cli-plugins"));
        for (String d : List.of(
                "/usr/local/lib/docker/cli-plugins",
                "/usr/local/libexec/docker/cli-plugins",
                "/usr/lib/docker/cli-plugins",
                "/usr/libexec/docker/cli-plugins")) {
            dirs.add(Path.of(d));
        }
        return onPath("docker") && dirs.stream().anyMatch(d -> Files.isExecutable(d.resolve("docker-compose")));
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** The command prefix in use: {@code [docker, compose]} or {@code [docker-compose]}. */
    List<String> base() {
        return base;
    }

    ComposeCli withTimeout(Duration t) {
        return new ComposeCli(base, extraEnvironment, t);
    }

    /**
     * {@code compose -p <project> -f <file>... -f <override>... up -d --no-deps --force-recreate <services>},
     * run in the project directory.
     */
    void recreate(Environment env, List<String> services, List<Path> overrides) {
        List<String> args = new ArrayList<>(List.of("up", "-d", "--no-deps", "--force-recreate"));
        args.addAll(services);
        run(env, overrides, args);
    }

    /**
     * {@code compose --profile <each profile of the file> down [-v] --remove-orphans -t 5}: every service's
     * container, whatever the active profiles, and its networks (and named volumes with {@code volumes}).
     */
    void down(Environment env, boolean volumes) {
        List<String> args = new ArrayList<>();
        env.catalog().services().stream()
                .flatMap(s -> s.profiles().stream())
                .distinct()
                .forEach(p -> args.addAll(List.of("--profile", p)));
        args.add("down");
        if (volumes) {
            args.add("-v");
        }
        args.addAll(List.of("--remove-orphans", "-t", "5"));
        run(env, List.of(), args);
    }

    /** Runs {@code compose <project options> <args>}; a non-zero exit is an error with the output's last lines. */
    void run(Environment env, List<Path> overrides, List<String> args) {
        List<String> command = command(env, overrides, args);
        Result r = execute(command, env.projectDir());
        if (r.exitCode() != 0) {
            throw new RollbackException("compose failed with exit code " + r.exitCode() + " in " + env.projectDir()
                    + ": " + String.join(" ", command) + "\n" + r.tail());
        }
    }

    /** The full argument list for {@code args} on the environment's project, files and overrides. */
    List<String> command(Environment env, List<Path> overrides, List<String> args) {
        List<String> command = new ArrayList<>(base);
        command.add("-p");
        command.add(env.projectName());
        Path dir = env.projectDir();
        List<Path> files = new ArrayList<>(env.composeFiles());
        files.addAll(overrides);
        for (Path f : files) {
            command.add("-f");
            command.add(dir.resolve(f).normalize().toString());
        }
        Path defaultEnvFile = dir.resolve(".env").normalize();
        if (env.envFile() != null && !env.envFile().normalize().equals(defaultEnvFile)) {
            command.add("--env-file");
            command.add(env.envFile().toString());
        }
        command.addAll(args);
        return command;
    }

    /** How a run ended: exit code and the last {@value #TAIL_LINES} lines of stdout and stderr together. */
    record Result(int exitCode, String tail) {}

    Result execute(List<String> command, Path workDir) {
        ProcessBuilder pb =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(extraEnvironment);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new RollbackException("could not run " + command.get(0) + ": " + e.getMessage(), e);
        }
        Tail tail = new Tail(p);
        Thread reader = new Thread(tail, "compose-output-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            p.getOutputStream().close(); // no input: a prompt ends at once instead of hanging
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                reader.join(TimeUnit.SECONDS.toMillis(2));
                throw new RollbackException("compose did not finish within " + timeout.toSeconds()
                        + " s and was stopped: " + String.join(" ", command) + "\n" + tail.text());
            }
            reader.join(TimeUnit.SECONDS.toMillis(5)); // output ends with the process (unless a child holds it)
            return new Result(p.exitValue(), tail.text());
        } catch (IOException e) {
            throw new RollbackException("could not talk to " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new RollbackException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Drains the process output (so a full pipe never blocks it) and keeps the last lines. */
    private static final class Tail implements Runnable {
        private final Process process;
        private final Deque<String> lines = new ArrayDeque<>();

        Tail(Process process) {
            this.process = process;
        }

        @Override
        public void run() {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.addLast(line.length() > 2000 ? line.substring(0, 2000) + "..." : line);
                        if (lines.size() > TAIL_LINES) {
                            lines.removeFirst();
                        }
                    }
                }
            } catch (IOException closed) {
                // the process was stopped
            }
        }

        String text() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }
}
