package dev.rollback.vault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rollback.io.HostPort;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a container runs it: its own JVM with only rollback-vault's and rollback-core's classes and Jackson
 * on the class path, stopped by SIGTERM, started again on the same data directory.
 */
class VaultApiServerProcessTest {
    static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+), data .*: (.*)");

    @TempDir
    Path dir;

    Process process;
    Path output;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** The jar or class directory a class is loaded from. */
    static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server, its output to a file, and returns its address and state from the line it prints. */
    Matcher launch(String name) throws Exception {
        String classPath = Stream.of(
                        VaultApiServer.class, HostPort.class, JsonNode.class, JsonFactory.class, JsonProperty.class)
                .map(VaultApiServerProcessTest::location)
                .collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        output = dir.resolve(name + ".out");
        process = new ProcessBuilder(
                        java,
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        classPath,
                        VaultApiServer.class.getName(),
                        "--listen",
                        "127.0.0.1:0",
                        "--data",
                        dir.resolve("data").toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (printed().isEmpty() && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(printed()).as("the start line").isNotEmpty();
        Matcher m = LISTENING.matcher(printed().get(0));
        assertThat(m.find()).as(printed().get(0)).isTrue();
        return m;
    }

    List<String> printed() throws Exception {
        String text = Files.exists(output) ? Files.readString(output) : "";
        return text.endsWith("\n") ? List.of(text.split("\n")) : List.of();
    }

    @Test
    void aSigtermStopsItCleanlyAndTheNextStartIsSealedWithTheDataKept() throws Exception {
        Matcher started = launch("first");
        VaultHttp http = new VaultHttp("http://127.0.0.1:" + started.group(1));
        JsonNode init = http.call("PUT", "sys/init", null, "{\"secret_shares\":5,\"secret_threshold\":3}")
                .body();
        for (int i = 0; i < 3; i++) {
            http.unseal(init.get("keys_base64").get(i).asText());
        }
        String root = init.get("root_token").asText();
        http.call("POST", "secret/data/app", root, "{\"data\":{\"user\":\"app\"}}");

        process.destroy();
        boolean exited = process.waitFor(20, TimeUnit.SECONDS);
        List<String> first = printed();
        Matcher again = launch("second");
        http = new VaultHttp("http://127.0.0.1:" + again.group(1));
        for (int i = 2; i < 5; i++) {
            http.unseal(init.get("keys_base64").get(i).asText());
        }

        assertThat(started.group(2)).isEqualTo("not initialized");
        assertThat(exited).isTrue();
        assertThat(first)
                .hasSize(4)
                .endsWith(
                        "Vault API server: initialized with 5 key shares and a key threshold of 3: sealed",
                        "Vault API server: unsealed",
                        "Vault API server: stopped");
        assertThat(again.group(2)).isEqualTo("sealed");
        assertThat(http.call("GET", "secret/data/app", root, null)
                        .body()
                        .get("data")
                        .get("data")
                        .get("user")
                        .asText())
                .isEqualTo("app");
        assertThat(String.join("\n", first))
                .doesNotContain(root)
                .doesNotContain(init.get("keys").get(0).asText());
    }
}
