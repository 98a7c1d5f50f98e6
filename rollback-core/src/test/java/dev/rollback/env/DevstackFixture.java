package dev.rollback.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * DevStack Core's real compose file and {@code .env.example} (MIT, see the fixture's LICENSE) copied into a
 * directory named {@code devstack-core}, as a test environment.
 *
 * <p>{@code Path home = DevstackFixture.create(tempDir); Environment env = DevstackFixture.load(home);}
 */
final class DevstackFixture {
    static final String RESOURCES = "/fixtures/devstack-core/";
    /** A process environment with only HOME, so tests never depend on the machine's variables. */
    static final Map<String, String> PROCESS = Map.of("HOME", "/home/dev");

    private DevstackFixture() {}

    /** {@code <dir>/devstack-core} with docker-compose.yml and .env (from env.example). */
    static Path create(Path dir) {
        Path home = dir.resolve("devstack-core");
        try {
            Files.createDirectories(home);
            copy("docker-compose.yml", home.resolve("docker-compose.yml"));
            copy("env.example", home.resolve(".env"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    static Environment load(Path home) {
        return Environment.custom(home).withProcessEnvironment(PROCESS).build();
    }

    static String text(String resource) {
        try (InputStream in = DevstackFixture.class.getResourceAsStream(RESOURCES + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String resource) {
        try (InputStream in = DevstackFixture.class.getResourceAsStream(RESOURCES + resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copy(String resource, Path target) throws IOException {
        Files.write(target, bytes(resource));
    }

    static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
