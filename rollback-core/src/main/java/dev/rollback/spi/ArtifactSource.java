package dev.rollback.spi;

import java.util.Objects;

/**
 * One artifact a {@link BackupContributor} writes into a backup set: compression, checksum and encryption are
 * applied by the set's writer in the same streaming pass.
 *
 * <p>{@code new ArtifactSource("db-dump", "postgres", "db-postgres.sql", "pg_dumpall 15.4", out -> ...)}
 *
 * @param kind the artifact kind ({@code db-dump})
 * @param service the service it belongs to
 * @param fileName its file name in the set, before the writer's {@code .zst} suffix
 * @param tool what produces it ({@code pg_dumpall}, {@code mongodb-driver-sync})
 * @param content writes the content and returns fingerprint entries for the manifest
 */
public record ArtifactSource(String kind, String service, String fileName, String tool, ArtifactContent content) {
    public ArtifactSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(content, "content");
    }
}
