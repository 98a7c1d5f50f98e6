package dev.rollback.errors;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The environment's own files are missing or malformed: no compose file, a {@code .env} line that
 * cannot be parsed, a {@code rollback.yaml} with a wrong field. Names the file and, where known, the line.
 *
 * <p>{@code catch (EnvironmentException e) { log.error("fix {} line {}", e.file(), e.line()); }}
 */
public class EnvironmentException extends RollbackException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final int line;

    public EnvironmentException(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public EnvironmentException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
        this.line = 0;
    }

    public EnvironmentException(Path file, String message) {
        this(file, 0, message);
    }

    /** The same fault, as a more specific kind. */
    protected EnvironmentException(EnvironmentException fault) {
        super(fault.getMessage(), fault.getCause());
        setStackTrace(fault.getStackTrace());
        this.file = fault.file;
        this.line = fault.line;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The 1-based line at fault, if the fault has a line. */
    public Optional<Integer> line() {
        return line > 0 ? Optional.of(line) : Optional.empty();
    }
}
