package dev.rollback.validation.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollback.testing.RequiresDocker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stand-in servers in {@code local/java:17} containers, run from the materialized class path mounted read-only
 * at /opt/sandbox/lib, with named volumes for their data, checked the way compose health checks do
 * ({@code wget --spider}, {@code curl -f}, the Mongo shell through {@code docker exec}). Prints how long each takes
 * from {@code docker run} or {@code docker restart} to answering.
 */
@RequiresDocker
class SandboxServersIT {
    private static final String IMAGE = "local/java:17";
    private static final List<String> JAVA = List.of(
            "java",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-Xmx96m",
            "-cp",
            ServerClasspath.CONTAINER_CLASSPATH);
    private static final String PREFIX =
            "rollback-it-sandbox-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Pattern READY = Pattern.compile("ready in (\\d+) ms");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> CONTAINERS = new ArrayList<>();
    private static final List<String> VOLUMES = new ArrayList<>();
    private static final Map<String, Long> STARTED = new ConcurrentHashMap<>();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    @TempDir
    static Path lib;

    @BeforeAll
    static void materialize() {
        ServerClasspath.of(ServerClasspath.MONGO_SERVER, ServerClasspath.MONGO_SHELL, ServerClasspath.HTTP_STAND_IN)
                .materialize(lib);
    }

    @AfterAll
    static void removeContainersAndVolumes() throws Exception {
        for (String c : CONTAINERS) {
            run(List.of("docker", "rm", "-f", "-v", c));
        }
        for (String v : VOLUMES) {
            run(List.of("docker", "volume", "rm", "-f", v));
        }
    }

    @Test
    void forgejoIsHealthyForWgetAndCurlKeepsItsRepositoriesAcrossARestartAndFailsOnACorruptVolume() throws Exception {
        String c = start(
                "forgejo",
                "/data",
                "dev.rollback.validation.sandbox.HttpStandIn",
                "--kind",
                "forgejo",
                "--listen",
                "0.0.0.0:3000",
                "--data",
                "/data");
        long startMs = awaitHttp(c, 3000, "/api/healthz");
        report("forgejo", "docker run", startMs, c);

        assertThat(exec(c, "wget", "-q", "--spider", "http://localhost:3000/api/healthz")
                        .status())
                .isZero();
        Result health = exec(c, "curl", "-fsS", "http://localhost:3000/api/healthz");
        assertThat(health.status()).isZero();
        assertThat(health.out()).contains("\"status\":\"pass\"");
        assertThat(exec(c, "curl", "-fsS", "http://localhost:3000/").out()).contains("Forgejo");
        assertThat(exec(c, "curl", "-fsS", "-X", "POST", "http://localhost:3000/api/v1/repos/devstack-core")
                        .status())
                .isZero();

        long restartMs = restart(c, () -> awaitHttp(c, 3000, "/api/healthz"));
        report("forgejo", "docker restart", restartMs, c);

        assertThat(exec(c, "curl", "-fsS", "http://localhost:3000/api/v1/repos").out())
                .contains("devstack-core");
        assertThat(docker("logs", c).out()).contains("HttpStandIn forgejo stopped");

        assertThat(exec(c, "sh", "-c", "echo '{\"kind\": ' > /data/state.json").status())
                .isZero();
        Result corrupt = exec(c, "curl", "-fsS", "http://localhost:3000/api/healthz");
        assertThat(corrupt.status()).isEqualTo(22); // curl -f: HTTP status >= 400
        assertThat(exec(c, "wget", "-q", "--spider", "http://localhost:3000/api/healthz")
                        .status())
                .isNotZero();
        assertThat(exec(c, "curl", "-sS", "http://localhost:3000/api/healthz").out())
                .contains("\"status\":\"fail\"", "state file /data/state.json is corrupt: not JSON");
    }

    @Test
    void theApiFollowsItsHealthRedirectForWgetAndKeepsItsItemsAcrossARestart() throws Exception {
        String c = start(
                "api",
                "/data",
                "dev.rollback.validation.sandbox.HttpStandIn",
                "--kind",
                "api",
                "--listen",
                "0.0.0.0:8000",
                "--data",
                "/data");
        long startMs = awaitHttp(c, 8000, "/health/");
        report("api", "docker run", startMs, c);

        assertThat(exec(c, "wget", "-q", "--spider", "http://localhost:8000/health")
                        .status())
                .isZero();
        assertThat(exec(c, "curl", "-fsS", "http://localhost:8000/health/all").out())
                .contains("\"status\":\"healthy\"");
        assertThat(exec(
                                c,
                                "curl",
                                "-fsS",
                                "-X",
                                "PUT",
                                "-H",
                                "Content-Type: application/json",
                                "-d",
                                "{\"owner\": \"devstack\"}",
                                "http://localhost:8000/api/items/settings")
                        .status())
                .isZero();

        long restartMs = restart(c, () -> awaitHttp(c, 8000, "/health/"));
        report("api", "docker restart", restartMs, c);

        assertThat(exec(c, "curl", "-fsS", "http://localhost:8000/api/items/settings")
                        .out())
                .isEqualTo("{\"owner\":\"devstack\"}");
    }

    @Test
    void mongoKeepsWhatTheShellInsertedAcrossARestart() throws Exception {
        String c = start(
                "mongodb", "/data/db", ServerClasspath.MONGO_SERVER, "--listen", "0.0.0.0:27017", "--data", "/data/db");
        long startMs = awaitPort(c, 27017);
        report("mongodb", "docker run", startMs, c);

        long shellStart = System.nanoTime();
        Result ping = shell(c, "ping");
        long shellMs = (System.nanoTime() - shellStart) / 1_000_000;
        System.out.println("[sandbox-servers] mongodb shell ping through docker exec: " + shellMs + " ms");
        assertThat(ping.out()).isEqualTo("ok 127.0.0.1:27017\n");
        assertThat(shell(c, "insert", "app", "users", "{\"_id\": 1, \"name\": \"ada\"}", "{\"_id\": 2}", "{\"_id\": 3}")
                        .out())
                .isEqualTo("inserted 3 into app.users\n");

        long restartMs = restart(c, () -> awaitPort(c, 27017));
        report("mongodb", "docker restart", restartMs, c);

        assertThat(shell(c, "count", "app", "users").out()).isEqualTo("3\n");
        assertThat(docker("logs", c).out()).contains("SandboxMongoServer stopped, /data/db/mongo.mv closed");
    }

    // ------------------------------------------------------------------ containers

    /** Creates the volume, then runs the container; the clock starts just before {@code docker run}. */
    private static String start(String service, String dataPath, String main, String... args) throws Exception {
        String name = PREFIX + "-" + service;
        String volume = name + "-data";
        VOLUMES.add(volume);
        assertThat(docker("volume", "create", "--label", "dev.rollback.it=1", volume)
                        .status())
                .isZero();
        CONTAINERS.add(name);
        List<String> command = new ArrayList<>(List.of(
                "run",
                "-d",
                "--name",
                name,
                "--label",
                "dev.rollback.it=1",
                "-v",
                lib + ":" + ServerClasspath.CONTAINER_DIR + ":ro",
                "-v",
                volume + ":" + dataPath,
                IMAGE));
        command.addAll(JAVA);
        command.add(main);
        command.addAll(List.of(args));
        STARTED.put(name, System.nanoTime());
        Result r = docker(command.toArray(String[]::new));
        assertThat(r.status()).as("docker run: %s", r.err()).isZero();
        return name;
    }

    private interface Await {
        long millis() throws Exception;
    }

    /** Restarts {@code c} (SIGTERM, 10 s grace) and returns the time from the restart until {@code ready} holds. */
    private static long restart(String c, Await ready) throws Exception {
        STARTED.put(c, System.nanoTime());
        assertThat(docker("restart", "-t", "10", c).status()).isZero();
        return ready.millis();
    }

    /** Milliseconds from the last start until GET {@code path} on the container's own address answers 200. */
    private static long awaitHttp(String c, int port, String path) throws Exception {
        URI uri = URI.create("http://" + ip(c) + ":" + port + path);
        return await(c, () -> {
            try {
                return HTTP.send(
                                        HttpRequest.newBuilder(uri)
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Milliseconds from the last start until the container's own address takes a connection on {@code port}. */
    private static long awaitPort(String c, int port) throws Exception {
        String ip = ip(c);
        return await(c, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static long await(String c, Check ready) throws Exception {
        long start = STARTED.get(c);
        while (!ready.holds()) {
            if (System.nanoTime() - start > START_TIMEOUT.toNanos()) {
                throw new AssertionError(c + " not answering within " + START_TIMEOUT + "; logs:\n"
                        + docker("logs", c).out() + docker("logs", c).err());
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String ip(String c) throws Exception {
        String ip = docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", c)
                .out()
                .strip();
        assertThat(ip).as("address of %s", c).isNotEmpty();
        return ip;
    }

    private static void report(String service, String what, long ms, String c) throws Exception {
        String line = "";
        for (int i = 0; i < 50 && !READY.matcher(line).find(); i++) { // it may trail the socket by a few ms
            Thread.sleep(i == 0 ? 0 : 20);
            line = docker("logs", "--tail", "1", c).out();
        }
        Matcher m = READY.matcher(line);
        String jvm = m.find() ? " (its start line: ready " + m.group(1) + " ms after the JVM started)" : "";
        System.out.println("[sandbox-servers] " + service + ": " + what + " to answering: " + ms + " ms" + jvm);
    }

    private static Result shell(String c, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("exec", c));
        command.addAll(JAVA);
        command.add(ServerClasspath.MONGO_SHELL);
        command.addAll(List.of(args));
        Result r = docker(command.toArray(String[]::new));
        assertThat(r.status()).as("shell %s: %s", List.of(args), r.err()).isZero();
        assertThat(r.err()).isEmpty();
        return r;
    }

    private static Result exec(String c, String... command) throws Exception {
        List<String> all = new ArrayList<>(List.of("exec", c));
        all.addAll(List.of(command));
        return docker(all.toArray(String[]::new));
    }

    private record Result(int status, String out, String err) {}

    private static Result docker(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Result run(List<String> command) throws Exception {
        Path err = Files.createTempFile("rollback-it-", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS))
                    .as("%s finished", command)
                    .isTrue();
            return new Result(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
