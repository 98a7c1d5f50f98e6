package dev.rollback.databases.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a restore treats what is already there. Immutable; start from {@link #ofDefaults()}.
 *
 * <p>{@code RestoreOptions.ofDefaults().dropExtra().withSafetyDumpDirectory(runDir).withExpectedSha256(sha)}
 *
 * @param clean replace the objects the dump holds (drop and recreate), so the result equals the dump; default on
 * @param dropExtras also remove what the server has and the dump does not (databases, keys, queues...); default off
 * @param safetyDump dump the current data before changing anything; default on
 * @param safetyDumpDirectory where the safety dump goes (a 0600 file); empty for the system temp directory
 * @param expectedSha256 the dump's recorded checksum (from the manifest); refused before any change on mismatch
 */
public record RestoreOptions(
        boolean clean,
        boolean dropExtras,
        boolean safetyDump,
        Optional<Path> safetyDumpDirectory,
        Optional<String> expectedSha256) {

    /** Clean, keep extras, take a safety dump in the temp directory, no checksum. */
    public static RestoreOptions ofDefaults() {
        return new RestoreOptions(true, false, true, Optional.empty(), Optional.empty());
    }

    /** Also remove what the dump does not have. */
    public RestoreOptions dropExtra() {
        return new RestoreOptions(clean, true, safetyDump, safetyDumpDirectory, expectedSha256);
    }

    /** Apply the dump over what exists, without dropping the objects it recreates first. */
    public RestoreOptions merge() {
        return new RestoreOptions(false, dropExtras, safetyDump, safetyDumpDirectory, expectedSha256);
    }

    /** Skip the safety dump (the caller has one already, e.g. a backup set taken a moment ago). */
    public RestoreOptions withoutSafetyDump() {
        return new RestoreOptions(clean, dropExtras, false, safetyDumpDirectory, expectedSha256);
    }

    public RestoreOptions withSafetyDumpDirectory(Path dir) {
        return new RestoreOptions(clean, dropExtras, safetyDump, Optional.of(dir), expectedSha256);
    }

    public RestoreOptions withExpectedSha256(String sha256) {
        return new RestoreOptions(clean, dropExtras, safetyDump, safetyDumpDirectory, Optional.of(sha256));
    }
}
