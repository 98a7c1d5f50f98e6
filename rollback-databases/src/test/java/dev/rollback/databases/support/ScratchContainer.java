package dev.rollback.databases.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A throwaway container from a local image, published on a random loopback port, removed on close. Its
 * environment (passwords) goes through a 0600 env file, never the command line.
 *
 * <p>{@code try (ScratchContainer pg = ScratchContainer.start("local/postgres:15", 5432, Map.of("POSTGRES_PASSWORD", pw))) {}}
 */
public final class ScratchContainer implements AutoCloseable {
    private final String id;
    private final int port;

    private ScratchContainer(String id, int port) {
        this.id = id;
        this.port = port;
    }

    public static ScratchContainer start(String image, int containerPort, Map<String, String> env) throws IOException {
        Path envFile = Files.createTempFile(
                "rollback-it-",
                ".env",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            StringBuilder b = new StringBuilder();
            env.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
            Files.writeString(envFile, b.toString());
            String id = docker(
                            "run",
                            "-d",
                            "--rm",
                            "--label",
                            "dev.rollback.it=1",
                            "--env-file",
                            envFile.toString(),
                            "-p",
                            "127.0.0.1::" + containerPort,
                            image)
                    .strip();
            String mapping = docker("port", id, containerPort + "/tcp")
                    .lines()
                    .findFirst()
                    .orElseThrow();
            int port = Integer.parseInt(
                    mapping.substring(mapping.lastIndexOf(':') + 1).strip());
            return new ScratchContainer(id, port);
        } finally {
            Files.deleteIfExists(envFile);
        }
    }

    public int port() {
        return port;
    }

    public String id() {
        return id;
    }

    /** Polls {@code ready} until it holds or {@code timeout} passes (a test helper; the SDK waits on events). */
    public void await(BooleanSupplier ready, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException("container " + id + " not ready within " + timeout + ": " + logs());
            }
            Thread.sleep(250);
        }
    }

    public String logs() {
        try {
            return docker("logs", "--tail", "30", id);
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** Stops the container (it is started with --rm, so it goes away). */
    public void stop() throws IOException {
        docker("stop", "-t", "1", id);
    }

    @Override
    public void close() throws IOException {
        docker("rm", "-f", "-v", id); // with its anonymous volumes (the image declares VOLUME)
    }

    static String docker(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("docker"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("docker " + args[0] + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
