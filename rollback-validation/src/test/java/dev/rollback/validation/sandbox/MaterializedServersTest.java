package dev.rollback.validation.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servers' mains in child JVMs that have only the materialized class path: the marker lists are complete. */
class MaterializedServersTest {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    static Path lib;

    @TempDir
    Path data;

    @BeforeAll
    static void materialize() {
        ServerClasspath.of(ServerClasspath.MONGO_SERVER, ServerClasspath.MONGO_SHELL, ServerClasspath.HTTP_STAND_IN)
                .materialize(lib);
    }

    @Test
    void theMongoServerKeepsWhatTheShellInsertedAcrossASigtermAndARestart() throws Exception {
        Process server = java(ServerClasspath.MONGO_SERVER, "--listen", "127.0.0.1:0", "--data", data.toString());
        BufferedReader out = reader(server);
        String started = out.readLine();
        assertThat(started)
                .startsWith("SandboxMongoServer listening on 127.0.0.1:")
                .contains("data " + data.resolve("mongo.mv"))
                .containsPattern("ready in \\d+ ms$");
        String address = "127.0.0.1:" + port(started);

        assertThat(shell(address, "insert", "app", "users", "{\"_id\": 1}", "{\"_id\": 2}"))
                .isEqualTo("inserted 2 into app.users");
        terminate(server);
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out.readLine()).isEqualTo("SandboxMongoServer stopped, " + data.resolve("mongo.mv") + " closed");
        assertThat(server.exitValue()).isEqualTo(143);

        Process again = java(ServerClasspath.MONGO_SERVER, "--listen", "127.0.0.1:0", "--data", data.toString());
        try {
            String line = reader(again).readLine();
            assertThat(shell("127.0.0.1:" + port(line), "count", "app", "users"))
                    .isEqualTo("2");
        } finally {
            again.destroy();
            again.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theHttpStandInAnswersItsHealthAndPrintsItsStartAndStop() throws Exception {
        Process server = java(
                ServerClasspath.HTTP_STAND_IN, "--kind", "api", "--listen", "127.0.0.1:0", "--data", data.toString());
        BufferedReader out = reader(server);
        String started = out.readLine();
        assertThat(started)
                .startsWith("HttpStandIn api listening on 127.0.0.1:")
                .contains("data " + data + " (healthy)");

        URI uri = URI.create("http://127.0.0.1:" + port(started) + "/health/");
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        terminate(server);
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out.readLine()).isEqualTo("HttpStandIn api stopped");
    }

    @Test
    void badArgumentsExitWithStatusTwoAndTheUsage() throws Exception {
        Process p = java(ServerClasspath.HTTP_STAND_IN, "--kind", "gitea");
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .startsWith("HttpStandIn: --kind must be forgejo or api, got 'gitea'\nusage: HttpStandIn --kind");
    }

    private static String shell(String address, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--server", address));
        all.addAll(List.of(args));
        Process p = java(ServerClasspath.MONGO_SHELL, all.toArray(String[]::new));
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(err).isEmpty();
        assertThat(p.exitValue()).isZero();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    static Process java(String main, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xmx96m",
                "-cp",
                lib + "/*",
                main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    /** SIGTERM, as {@code docker stop} sends; {@link Process#destroy()} would also close the child's output. */
    private static void terminate(Process p) throws Exception {
        assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid()))
                        .start()
                        .waitFor())
                .isZero();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static int port(String startLine) {
        Matcher m = LISTENING.matcher(startLine == null ? "" : startLine);
        assertThat(m.find()).as("start line %s", startLine).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
