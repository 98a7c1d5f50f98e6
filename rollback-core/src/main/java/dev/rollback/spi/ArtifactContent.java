package dev.rollback.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Streams an artifact's content into {@code out} (not closed) and returns what the manifest records beside it:
 * the data fingerprint ({@code fingerprint.<part>} = {@code count:hash}), the format, the server version.
 *
 * <p>{@code ArtifactContent c = out -> { DumpResult d = adapter.dump(target, out); return Map.of("format",
 * d.format()); };}
 */
@FunctionalInterface
public interface ArtifactContent {
    Map<String, String> writeTo(OutputStream out) throws IOException;
}
