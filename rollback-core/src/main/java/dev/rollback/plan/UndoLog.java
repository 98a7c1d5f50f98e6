package dev.rollback.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.errors.RollbackException;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's undo log, {@code .rollback/runs/<id>/undo.jsonl}: one JSON line per thing a step changed, with the
 * {@link UndoRecipe} that reverses it, or, for a step that changed something it cannot reverse, what it was. Each
 * line is flushed as written, before the change it reverses is made, so a run killed half way can still be undone.
 *
 * <p>{@code {"step":4,"name":"git-reset","kind":"git-reset","summary":"HEAD back to 01eec5a","fields":{...}}}
 */
public final class UndoLog implements AutoCloseable {
    /** The undo log's file name inside a run directory. */
    public static final String FILE = "undo.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private Writer out;

    private UndoLog(Path file) {
        this.file = file;
    }

    /** The log of a run directory, opened for appending at the first entry (mode 0600). */
    static UndoLog of(Path runDir) {
        return new UndoLog(runDir.resolve(FILE));
    }

    /**
     * One line of the log.
     *
     * @param step the index of the step in its run's plan
     * @param name the step's name
     * @param recipe what reverses it, if it can be
     * @param cannot what the step changed and cannot reverse, when there is no recipe
     */
    public record Entry(int step, String name, Optional<UndoRecipe> recipe, String cannot) {}

    synchronized void add(int step, String name, UndoRecipe recipe) {
        ObjectNode n = line(step, name);
        n.put("kind", recipe.kind());
        n.put("summary", recipe.summary());
        ObjectNode f = n.putObject("fields");
        recipe.fields().forEach(f::put);
        write(n);
    }

    synchronized void cannot(int step, String name, String what) {
        ObjectNode n = line(step, name);
        n.put("cannot", what);
        write(n);
    }

    private static ObjectNode line(int step, String name) {
        ObjectNode n = JSON.createObjectNode();
        n.put("step", step);
        n.put("name", name);
        return n;
    }

    private void write(ObjectNode n) {
        try {
            if (out == null) {
                out = Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                SecureFiles.makePrivate(file);
            }
            out.write(JSON.writeValueAsString(n));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot write the run's undo log " + file + ": " + e.getMessage()
                            + "; nothing more is changed (check the project directory is writable)",
                    e);
        }
    }

    /** The entries of a run directory's log, in the order they were written; none when it has no log. */
    public static List<Entry> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (l.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(l);
                } catch (IOException e) {
                    break; // a line cut short by a kill: the change it announced was not begun
                }
                Optional<UndoRecipe> recipe = Optional.empty();
                if (n.has("kind")) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    n.path("fields")
                            .fields()
                            .forEachRemaining(
                                    e -> fields.put(e.getKey(), e.getValue().asText()));
                    recipe = Optional.of(UndoRecipe.of(
                            n.path("kind").asText(), n.path("summary").asText(), fields));
                }
                out.add(new Entry(
                        n.path("step").asInt(),
                        n.path("name").asText(),
                        recipe,
                        n.path("cannot").asText("")));
            }
        } catch (IOException e) {
            throw new RollbackException("cannot read the undo log " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // every line was flushed as written
            }
        }
    }
}
