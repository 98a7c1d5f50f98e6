package dev.rollback.errors;

import java.nio.file.Path;

/**
 * A compose file of the environment does not load: not valid YAML, a wrong field, too large. It is the one file a
 * rollback may be about to put back, so {@code full} can read it as it is at the commit it goes to instead
 * ({@code Environment.custom(dir).withComposeAt(commit)}).
 *
 * <p>{@code catch (ComposeFileException e) { env = Environment.custom(dir).withComposeAt("9bef892").build(); }}
 */
public class ComposeFileException extends EnvironmentException {
    private static final long serialVersionUID = 1L;

    public ComposeFileException(Path file, String message) {
        super(file, message);
    }

    public ComposeFileException(EnvironmentException fault) {
        super(fault);
    }
}
