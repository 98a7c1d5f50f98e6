package dev.rollback.databases.support;

import dev.rollback.env.Environment;
import dev.rollback.spi.ContainerRuntime;
import dev.rollback.spi.ContainerRuntimes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A compose project of a test's own, from a compose file the test writes: started with {@code docker-compose up
 * -d}, seen as an {@link Environment} (so the docker runtime finds its containers by their compose labels), removed
 * with its volumes on close (with the container runtime it lent, if any).
 *
 * <p>{@code try (ScratchCompose c = ScratchCompose.up(tmp, yaml, Map.of("bin/tool", script))) { c.environment(); }}
 */
public final class ScratchCompose implements AutoCloseable {
    private final Path home;
    private final String name;
    private ContainerRuntime runtime;

    private ScratchCompose(Path home, String name) {
        this.home = home;
        this.name = name;
    }

    /**
     * @param files more files for the project directory (relative path to content); those under {@code bin/} are
     *              made executable
     */
    public static ScratchCompose up(Path tmp, String composeYaml, Map<String, String> files) throws IOException {
        String name = "rbdbx" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        Path home = Files.createDirectories(tmp.resolve(name));
        Files.writeString(home.resolve("docker-compose.yml"), composeYaml);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = home.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
            if (f.getKey().startsWith("bin/")) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        ScratchCompose c = new ScratchCompose(home, name);
        try {
            c.compose(300, "up", "-d");
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public Environment environment() {
        return Environment.custom(home)
                .withProjectName(name)
                .withProcessEnvironment(Map.of("HOME", home.toString()))
                .build();
    }

    /** The container runtime on this project: connected on first use, closed when the project is. */
    public synchronized ContainerRuntime runtime() {
        if (runtime == null) {
            runtime = ContainerRuntimes.connect(environment(), Duration.ofSeconds(5))
                    .orElseThrow();
        }
        return runtime;
    }

    /** The service's container name as the engine knows it (compose v1 and v2 name them differently). */
    public String containerName(String service) {
        String id = compose(30, "ps", "-q", service).strip();
        try {
            Process p = new ProcessBuilder("docker", "inspect", "-f", "{{.Name}}", id)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            return out.startsWith("/") ? out.substring(1) : out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command in a service's container; its stdout, trimmed. */
    public String exec(String service, String... command) {
        List<String> cmd = new ArrayList<>(List.of("exec", "-T", service));
        cmd.addAll(List.of(command));
        return compose(60, cmd.toArray(String[]::new)).strip();
    }

    /** The host port a service's container port is published on. */
    public int publishedPort(String service, int containerPort) {
        String out =
                compose(30, "port", service, Integer.toString(containerPort)).strip();
        return Integer.parseInt(out.substring(out.lastIndexOf(':') + 1));
    }

    private String compose(int seconds, String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker-compose", "-p", name));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("compose", ".out");
            try {
                Process p = new ProcessBuilder(cmd)
                        .directory(home.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
                if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", cmd) + " timed out after " + seconds + " s");
                }
                String text = Files.readString(out);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (runtime != null) {
                runtime.close();
            }
        } finally {
            compose(120, "down", "-v", "--remove-orphans", "-t", "1");
        }
    }
}
