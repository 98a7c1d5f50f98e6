package dev.rollback.backup;

import dev.rollback.backup.BackupManifest.Artifact;
import dev.rollback.backup.BackupManifest.EncryptionInfo;
import dev.rollback.errors.VerificationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The bounds a manifest's fields are held to before anything uses them: a hand-edited or damaged
 * {@code manifest.json} is refused with a {@link VerificationException} (exit 4) naming the field and the artifact,
 * never an internal error or a key derivation that runs for hours.
 *
 * <p>{@code ManifestRules.check(manifest, dir, false); // throws, naming every field out of bounds}
 *
 * <ul>
 *   <li>{@code encryption}: cipher {@code AES-256-GCM}, kdf {@code PBKDF2WithHmacSHA256}, {@code iterations}
 *       from {@link #MIN_ITERATIONS} to {@link #MAX_ITERATIONS}, {@code salt} base64 of 8 to 64 bytes;</li>
 *   <li>every artifact: a {@code kind}, a {@code file} that is a plain relative name ({@link ArtifactFiles}), a
 *       {@code size} of 0 or more, a {@code sha256} of 64 hex digits, a known {@code compression} (an encrypted
 *       one {@code zstd}), and fingerprint {@code bytes} / {@code files} that are counts.</li>
 * </ul>
 * Sets in an older layout ({@link LegacyLayouts}) recorded no checksums or sizes of their own; only their file names
 * are held to the rules.
 */
final class ManifestRules {
    /** The fewest PBKDF2 iterations a manifest may ask for (NIST SP 800-132's minimum). */
    static final int MIN_ITERATIONS = 1_000;
    /** The most PBKDF2 iterations a manifest may ask for: about 7 s here, 16x what this tool writes. */
    static final int MAX_ITERATIONS = 10_000_000;

    private static final Set<String> COMPRESSIONS = Set.of("zstd", "none", "gzip");

    private ManifestRules() {}

    /**
     * Checks every field; {@code legacy} for a set in an older layout.
     *
     * @throws VerificationException listing each field out of bounds, one line each
     */
    static void check(BackupManifest m, Path dir, boolean legacy) {
        List<String> problems = new ArrayList<>();
        if (!legacy) {
            if (m.created() == null) {
                problems.add("manifest.json: created is missing");
            }
            if (m.toolVersion() == null) {
                problems.add("manifest.json: toolVersion is missing");
            }
            if (m.environment() == null || m.git() == null) {
                problems.add("manifest.json: " + (m.environment() == null ? "environment" : "git") + " is missing");
            }
            if (m.encryption() != null) {
                encryption(m.encryption(), problems);
            }
        }
        for (Artifact a : m.artifacts()) {
            artifact(a, legacy, m.encryption() != null, problems);
        }
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>(problems);
            lines.add("the manifest was altered or damaged; nothing was read from the set's artifacts: take a new "
                    + "backup, or restore this set from an intact copy");
            throw new VerificationException("backup set " + dir, lines);
        }
    }

    private static void encryption(EncryptionInfo e, List<String> problems) {
        if (!"AES-256-GCM".equals(e.cipher())) {
            problems.add("manifest.json: encryption.cipher is " + quote(e.cipher()) + "; this tool reads AES-256-GCM");
        }
        if (!BackupKey.KDF.equals(e.kdf())) {
            problems.add("manifest.json: encryption.kdf is " + quote(e.kdf()) + "; this tool reads " + BackupKey.KDF);
        }
        if (e.iterations() < MIN_ITERATIONS || e.iterations() > MAX_ITERATIONS) {
            problems.add("manifest.json: encryption.iterations is " + e.iterations() + ", outside " + MIN_ITERATIONS
                    + " to " + MAX_ITERATIONS + " (this tool writes " + BackupKey.ITERATIONS + ")");
        }
        String saltProblem = saltProblem(e.salt());
        if (saltProblem != null) {
            problems.add("manifest.json: encryption.salt " + saltProblem);
        }
    }

    private static String saltProblem(String salt) {
        if (salt == null) {
            return "is missing";
        }
        try {
            int n = Base64.getDecoder().decode(salt).length;
            return n < 8 || n > 64 ? "is " + n + " bytes; it must be 8 to 64 (this tool writes 16)" : null;
        } catch (IllegalArgumentException ex) {
            return "is not base64"; // its text is not repeated
        }
    }

    private static void artifact(Artifact a, boolean legacy, boolean setEncrypted, List<String> problems) {
        String who = describe(a);
        if (a.kind() == null || a.kind().isBlank()) {
            problems.add(who + ": kind is missing");
        }
        String name = ArtifactFiles.nameProblem(a.file());
        if (name != null) {
            problems.add(who + ": file " + quote(a.file()) + " " + name + "; an artifact's file must be a name "
                    + "inside the set");
        }
        if (legacy) {
            return; // the older layouts' own tools recorded no checksums, sizes or fingerprints to hold
        }
        if (a.size() < 0) {
            problems.add(who + ": size is " + a.size() + "; a stored size is 0 or more");
        }
        if (a.sha256() == null) {
            problems.add(who + ": sha256 is missing; every artifact of this tool's sets has its checksum");
        } else if (!a.sha256().matches("[0-9a-f]{64}")) {
            problems.add(who + ": sha256 is not 64 lowercase hex digits");
        }
        if (a.compression() == null || !COMPRESSIONS.contains(a.compression())) {
            problems.add(who + ": compression is " + quote(a.compression()) + "; known: zstd, none, gzip");
        } else if (a.encrypted() && !"zstd".equals(a.compression())) {
            problems.add(who + ": encrypted with compression " + a.compression() + "; encrypted artifacts are zstd");
        }
        if (a.encrypted() && !setEncrypted) {
            problems.add(who + ": encrypted, and the manifest has no encryption section to derive its key");
        }
        for (String count : List.of("bytes", "files")) {
            String v = a.fingerprint().get(count);
            if (v != null && !v.matches("\\d{1,18}")) {
                problems.add(who + ": fingerprint." + count + " is " + quote(v) + "; it must be a count");
            }
        }
    }

    /** How messages name an artifact: {@code manifest.json: artifact env (env.zst)}. */
    static String describe(Artifact a) {
        String kind = a.kind() == null ? "?" : a.kind() + (a.service() == null ? "" : " of " + a.service());
        return "manifest.json: artifact " + quote(kind).replace("\"", "")
                + (ArtifactFiles.nameProblem(a.file()) == null
                        ? " (" + quote(a.file()).replace("\"", "") + ")"
                        : "");
    }

    /** A manifest value as found, quoted, shortened and without control characters. */
    static String quote(String v) {
        if (v == null) {
            return "null";
        }
        String clean = v.replaceAll("\\p{Cntrl}", "?");
        return "\"" + (clean.length() > 80 ? clean.substring(0, 77) + "..." : clean) + "\"";
    }
}
