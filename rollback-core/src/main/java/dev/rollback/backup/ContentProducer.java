package dev.rollback.backup;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes an artifact's content into the stream it is given (a file copy, a tool's stdout, a tar of a directory).
 *
 * <p>{@code ContentProducer env = out -> Files.copy(home.resolve(".env"), out);}
 */
@FunctionalInterface
public interface ContentProducer {
    void writeTo(OutputStream out) throws IOException;
}
