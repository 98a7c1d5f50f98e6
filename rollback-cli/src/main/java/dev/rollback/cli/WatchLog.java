package dev.rollback.cli;

import dev.rollback.env.Environment;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import dev.rollback.validation.advisor.Assessment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rollback watch}'s journal, {@code .rollback/watch.jsonl} (0600): one JSON line per severity change, per
 * rollback it ran (with its exit code) and per rollback it held back. The rollbacks themselves are journaled as
 * every run is ({@code rollback history}).
 *
 * <p>{@code new WatchLog(env).ran(assessment, List.of("service", "mysql"), 0);}
 */
final class WatchLog {
    static final String FILE = "watch.jsonl";
    private final Path file;

    WatchLog(Environment env) {
        this.file = env.stateDir().resolve(FILE);
    }

    void change(Assessment a) {
        append(entry("change", a));
    }

    void ran(Assessment a, List<String> args, int exitCode) {
        Map<String, Object> e = entry("ran", a);
        e.put("ran", "rollback " + String.join(" ", args));
        e.put("exitCode", exitCode);
        append(e);
    }

    void held(Assessment a, String why) {
        Map<String, Object> e = entry("held", a);
        e.put("why", why);
        append(e);
    }

    private static Map<String, Object> entry(String event, Assessment a) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("at", Instant.now().toString());
        e.put("event", event);
        e.put("severity", a.severityName());
        e.put("services", a.services());
        e.put("reason", a.reason());
        e.put("command", a.command().orElse(null));
        return e;
    }

    private void append(Map<String, Object> e) {
        try {
            if (!Files.exists(file)) {
                SecureFiles.writePrivate(file, "");
            }
            Files.writeString(file, Json.line(e) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            throw new RollbackException(
                    "cannot write the watch journal " + file + ": " + ex.getMessage() + "; check the permissions of "
                            + file.getParent(),
                    ex);
        }
    }
}
