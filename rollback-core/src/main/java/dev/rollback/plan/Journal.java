package dev.rollback.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollback.errors.RollbackException;
import dev.rollback.events.RollbackEvent;
import dev.rollback.io.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The append-only record of one run: a JSON object per line, one line per event, flushed as written.
 *
 * <p>{@code {"at":"2025-11-14T08:50:01Z","type":"STEP_FINISHED","step":2,"name":"git-reset","elapsedMs":41}}
 */
public final class Journal implements AutoCloseable {
    /** The journal's file name inside a run directory. */
    public static final String FILE = "journal.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Writer out;

    private Journal(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    /** Opens (creating, mode 0600) the journal of the run directory for appending. */
    public static Journal open(Path runDir) {
        Path file = runDir.resolve(FILE);
        try {
            SecureFiles.createPrivateDirectories(runDir);
            Writer w = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            SecureFiles.makePrivate(file);
            return new Journal(file, w);
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot write the run journal " + file + ": " + e.getMessage()
                            + "; check the project directory is writable",
                    e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends the event as one JSON line. */
    public void record(RollbackEvent e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("at", e.at().toString());
        n.put("type", e.type().name());
        n.put("run", e.runId());
        if (e.stepIndex() >= 0) {
            n.put("step", e.stepIndex());
            n.put("name", e.stepName());
        }
        if (e.message() != null && !e.message().isEmpty()) {
            n.put("message", e.message());
        }
        if (e.type() == RollbackEvent.Type.STEP_PROGRESS) {
            n.put("done", e.done());
            n.put("total", e.total());
        }
        n.put("elapsedMs", e.elapsed().toMillis());
        try {
            out.write(JSON.writeValueAsString(n));
            out.write('\n');
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to " + file, ex);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
