package dev.rollback.backup;

import java.io.IOException;

/**
 * An artifact's bytes are not what was written: bad header, failed authentication, truncation.
 *
 * <p>{@code catch (ArtifactCorruptException e) { report.fail(artifact, e.getMessage()); }}
 */
public final class ArtifactCorruptException extends IOException {
    private static final long serialVersionUID = 1L;

    public ArtifactCorruptException(String message) {
        super(message);
    }
}
