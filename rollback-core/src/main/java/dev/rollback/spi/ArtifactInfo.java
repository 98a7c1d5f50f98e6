package dev.rollback.spi;

import java.util.Map;

/**
 * One artifact of a finished backup set, as a {@link BackupContributor} sees it.
 *
 * @param kind its kind ({@code db-dump})
 * @param service the service it belongs to, or null
 * @param file its file name in the set
 * @param tool what produced it
 * @param fingerprint what the manifest recorded beside it ({@code sha256}, {@code bytes}, {@code fingerprint.*})
 */
public record ArtifactInfo(String kind, String service, String file, String tool, Map<String, String> fingerprint) {
    public ArtifactInfo {
        fingerprint = Map.copyOf(fingerprint);
    }
}
