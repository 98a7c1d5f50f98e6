package dev.rollback.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code manifest.json} of a backup set: what it is of, and every artifact with its size, checksum,
 * compression, encryption and data fingerprint.
 *
 * <p>{@code manifest.artifact("env")}
 *
 * @param formatVersion the format of this manifest ({@link #FORMAT_VERSION})
 * @param id the set's id ({@code 20251114_085001})
 * @param created when the set was made
 * @param toolVersion the version of the tool that made it
 * @param environment what environment it is of
 * @param git the git state at the time
 * @param encryption how artifacts marked encrypted were encrypted, or null when none is
 * @param artifacts every artifact
 * @param leftOut what a partial backup ({@code --partial}) could not take, as {@code kind:service} keys; a rollback
 *                that asks for one of them refuses the set (absent from the file when empty)
 */
public record BackupManifest(
        int formatVersion,
        String id,
        Instant created,
        String toolVersion,
        EnvironmentInfo environment,
        GitInfo git,
        EncryptionInfo encryption,
        List<Artifact> artifacts,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> leftOut) {
    /** The only format version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest's file name in a set. */
    public static final String FILE = "manifest.json";

    public BackupManifest {
        artifacts = List.copyOf(artifacts);
        leftOut = leftOut == null ? List.of() : List.copyOf(leftOut);
    }

    /**
     * The first artifact of {@code kind} ({@code env}, {@code vault-keys}, {@code baseline}), if the set has one.
     *
     * <p>{@code manifest.artifact("env").map(Artifact::file) // Optional[env.zst]}
     */
    public Optional<Artifact> artifact(String kind) {
        return artifacts.stream().filter(a -> a.kind().equals(kind)).findFirst();
    }

    /** A manifest of a set that holds every part it was asked for. */
    public BackupManifest(
            int formatVersion,
            String id,
            Instant created,
            String toolVersion,
            EnvironmentInfo environment,
            GitInfo git,
            EncryptionInfo encryption,
            List<Artifact> artifacts) {
        this(formatVersion, id, created, toolVersion, environment, git, encryption, artifacts, List.of());
    }

    /**
     * @param project the compose project name
     * @param composeHash sha256 of the compose files' bytes, in order
     */
    public record EnvironmentInfo(String project, String composeHash) {}

    /**
     * @param commit the HEAD commit id, or null outside a git repository
     * @param branch the branch, or null when detached
     * @param dirty whether there were uncommitted changes (kept as a git-patch artifact)
     */
    public record GitInfo(String commit, String branch, boolean dirty) {}

    /**
     * @param cipher {@code AES-256-GCM} in the chunked format
     * @param kdf the key derivation ({@code PBKDF2WithHmacSHA256})
     * @param iterations its iterations
     * @param salt the set's salt, base64
     */
    public record EncryptionInfo(String cipher, String kdf, int iterations, String salt) {}

    /**
     * @param kind {@code env}, {@code git-head}, {@code git-patch}, {@code git-untracked}, {@code vault-keys},
     *             {@code volume}, {@code db-dump}, ...
     * @param service the service or volume it belongs to, or null for the environment itself
     * @param file its file name in the set
     * @param size the stored bytes' size
     * @param sha256 the stored bytes' sha256
     * @param compression {@code zstd} or {@code none}
     * @param encrypted whether it is encrypted with the set's key
     * @param tool the tool (and version) that produced the content
     * @param fingerprint a data fingerprint of the content ({@code sha256} of the plain bytes at least)
     */
    public record Artifact(
            String kind,
            String service,
            String file,
            long size,
            String sha256,
            String compression,
            boolean encrypted,
            String tool,
            Map<String, String> fingerprint) {
        public Artifact {
            fingerprint = fingerprint == null ? Map.of() : Map.copyOf(fingerprint);
        }
    }
}
