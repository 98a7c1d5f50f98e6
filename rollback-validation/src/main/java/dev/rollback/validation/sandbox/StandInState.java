package dev.rollback.validation.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The stand-in's state file, {@code <data>/state.json}: what kind of server the data directory belongs to. It is
 * written once, on the first start in an empty directory, and read by every health check, so a data volume that
 * lost or damaged it (a corrupt restore, a wrong volume) makes the server unhealthy.
 *
 * <p>{@code StandInState.of(dir, "api").problem() // Optional.empty() when healthy}
 */
final class StandInState {
    static final String FILE = "state.json";
    private static final int FORMAT = 1;

    private final Path dir;
    private final String kind;
    private final ObjectMapper json;

    private StandInState(Path dir, String kind, ObjectMapper json) {
        this.dir = dir;
        this.kind = kind;
        this.json = json;
    }

    /** Opens {@code dir} for {@code kind}, creating the directory and the state file when the directory is empty. */
    static StandInState open(Path dir, String kind, ObjectMapper json) {
        try {
            Files.createDirectories(dir);
            boolean empty;
            try (var entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            StandInState s = new StandInState(dir, kind, json);
            if (empty) {
                ObjectNode state = json.createObjectNode()
                        .put("kind", kind)
                        .put("format", FORMAT)
                        .put("created", Instant.now().toString());
                DataFiles.write(s.file(), json.writeValueAsBytes(state));
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data directory " + dir + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    Path file() {
        return dir.resolve(FILE);
    }

    /** What is wrong with the state file, if anything: missing, unreadable, not JSON, another kind or format. */
    /**
     * The status word an operator (or a test) made the health route report, from {@code <data>/health-status}: how
     * a real API says it is {@code degraded} while still answering 200. Empty when the file is absent.
     */
    Optional<String> reportedStatus() {
        Path f = dir.resolve("health-status");
        try {
            return Files.isRegularFile(f) ? Optional.of(Files.readString(f).strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.of("unreadable");
        }
    }

    Optional<String> problem() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file());
        } catch (NoSuchFileException e) {
            return Optional.of("state file " + file() + " is missing");
        } catch (IOException e) {
            return Optional.of("state file " + file() + " is unreadable: " + e.getMessage());
        }
        JsonNode state;
        try {
            state = json.readTree(bytes);
        } catch (IOException e) {
            return Optional.of("state file " + file() + " is corrupt: not JSON");
        }
        if (state == null || !state.isObject()) {
            return Optional.of("state file " + file() + " is corrupt: not a JSON object");
        }
        if (!kind.equals(state.path("kind").asText())) {
            return Optional.of("state file " + file() + " belongs to kind '"
                    + state.path("kind").asText() + "', not '" + kind + "'");
        }
        if (state.path("format").asInt() != FORMAT) {
            return Optional.of("state file " + file() + " has format " + state.path("format") + ", not " + FORMAT);
        }
        return Optional.empty();
    }
}
