package dev.rollback.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.backup.BackupManifest.Artifact;
import dev.rollback.backup.VerificationReport.Check;
import dev.rollback.errors.RollbackException;
import dev.rollback.errors.VerificationException;
import dev.rollback.io.HashingInputStream;
import dev.rollback.io.SecureFiles;
import dev.rollback.io.Sha256;
import dev.rollback.spi.ArtifactInfo;
import dev.rollback.spi.DumpSource;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A finished backup set: a directory with {@code manifest.json} and its artifacts.
 *
 * <p>{@code VerificationReport r = BackupSet.open(dir).verify(VerifyLevel.DECRYPT, VerifyOptions.defaults().withKey(key));}
 */
public final class BackupSet {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private final Path dir;
    private final BackupManifest manifest;

    private BackupSet(Path dir, BackupManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * Opens a set; a {@code .partial} directory (an interrupted backup) or a missing, malformed or unknown-version
     * manifest is refused with a {@link dev.rollback.errors.VerificationException} naming it.
     */
    public static BackupSet open(Path dir) {
        if (dir.getFileName().toString().endsWith(BackupWriter.PARTIAL)) {
            throw new VerificationException(
                    "backup set " + dir,
                    List.of("it is an interrupted backup (" + BackupWriter.PARTIAL
                            + "), never completed; delete it and take a new backup"));
        }
        if (!Files.isDirectory(dir)) {
            throw new RollbackException("no backup set at " + dir + "; list them with: rollback backups");
        }
        Optional<BackupManifest> legacy = LegacyLayouts.read(dir);
        BackupManifest manifest = legacy.orElseGet(() -> ManifestJson.read(dir.resolve(BackupManifest.FILE)));
        ManifestRules.check(manifest, dir, legacy.isPresent());
        manifest.artifacts().forEach(a -> ArtifactFiles.resolve(dir, a));
        return new BackupSet(dir, manifest);
    }

    /**
     * Where an artifact's bytes are, checked again at each use: a name inside the set, not through a link, a regular
     * file when it is there.
     *
     * @throws dev.rollback.errors.VerificationException when the file leaves the set or is a link
     */
    Path file(Artifact a) {
        return ArtifactFiles.resolve(dir, a);
    }

    /** Whether {@code dir} holds a set: this tool's manifest, or one of the older layouts it reads. */
    static boolean looksLikeSet(Path dir) {
        return Files.isRegularFile(dir.resolve(BackupManifest.FILE)) || LegacyLayouts.recognises(dir);
    }

    /**
     * Whether the set was made before this tool (the runbook's manual layout or DevStack Core's script): it is read in
     * place, never changed, and never pruned.
     */
    public boolean isLegacy() {
        return manifest.toolVersion().startsWith(LegacyLayouts.SEED_TOOL)
                || manifest.toolVersion().startsWith(LegacyLayouts.DEVSTACK_TOOL);
    }

    public Path dir() {
        return dir;
    }

    public BackupManifest manifest() {
        return manifest;
    }

    /** The key for this set's encrypted artifacts, from the passphrase and the manifest's salt. */
    public BackupKey key(char[] passphrase) {
        BackupManifest.EncryptionInfo e = manifest.encryption();
        if (e == null) {
            throw new RollbackException("backup set " + manifest.id() + " is not encrypted");
        }
        return BackupKey.derive(passphrase, Base64.getDecoder().decode(e.salt()), e.iterations());
    }

    /** The plain content of one artifact, for restores (decrypted and decompressed). */
    public InputStream content(Artifact a, BackupKey key) throws IOException {
        Path file = file(a);
        if (a.encrypted() && isLegacy()) {
            throw new IOException("encrypted with gpg by DevStack Core's backup script; decrypt it first (gpg "
                    + "--output <file> --decrypt " + a.file() + ", entering the passphrase at gpg's prompt)");
        }
        return switch (a.compression()) {
            case "zstd" -> ArtifactStreams.open(file, a.encrypted(), key);
            case "none" -> new BufferedInputStream(Files.newInputStream(file, NOFOLLOW), 256 * 1024);
            case "gzip" -> new GZIPInputStream(Files.newInputStream(file, NOFOLLOW), 256 * 1024);
            case "directory" -> KeyDirectoryTar.stream(file);
            default -> throw new IOException("unknown compression " + a.compression());
        };
    }

    /**
     * Verifies up to {@code level}; every check is reported, nothing in the set or the environment changes. What it
     * uses besides the level (the key from DECRYPT on, the parts expected for COMPLETENESS, the engines and
     * contributors of RESTORE_DRILL) comes in {@code options}: RESTORE_DRILL restores every volume artifact into a
     * scratch volume (removed afterwards) and compares its content fingerprint, unpacks the key directory into a
     * scratch folder to check keys.json parses, and has each contributed artifact (database dumps, the Vault KV
     * export) drilled by its {@link dev.rollback.spi.BackupContributor}, into scratch places only.
     */
    public VerificationReport verify(VerifyLevel level, VerifyOptions options) {
        BackupKey key = options.key().orElse(null);
        Set<String> expected = options.expected();
        JitWarmUp.start();
        List<Check> checks = new ArrayList<>();
        for (Artifact a : manifest.artifacts()) {
            try {
                Path file = file(a);
                boolean present = "directory".equals(a.compression())
                        ? Files.isDirectory(file, NOFOLLOW)
                        : Files.isRegularFile(file, NOFOLLOW);
                checks.add(new Check(VerifyLevel.STRUCTURE, a.file(), present, present ? "" : "listed but missing"));
            } catch (VerificationException e) {
                checks.add(new Check(
                        VerifyLevel.STRUCTURE,
                        String.valueOf(a.file()),
                        false,
                        e.failures().get(0)));
            }
        }
        if (level.compareTo(VerifyLevel.COMPLETENESS) >= 0) {
            Set<String> have =
                    manifest.artifacts().stream().map(BackupSet::kindKey).collect(Collectors.toSet());
            for (String want : expected.stream().sorted().toList()) {
                checks.add(new Check(
                        VerifyLevel.COMPLETENESS,
                        want,
                        have.contains(want),
                        have.contains(want) ? "" : "the environment has it, the backup does not"));
            }
            manifest.artifacts().stream()
                    .filter(a -> a.kind().equals("vault-keys"))
                    .filter(this::notMissing)
                    .forEach(a -> checks.add(keyFiles(a, key)));
        }
        long read = 0;
        if (level.compareTo(VerifyLevel.CHECKSUMS) >= 0) {
            for (Artifact a : manifest.artifacts()) {
                if (checks.stream()
                        .noneMatch(c -> c.level() == VerifyLevel.STRUCTURE
                                && !c.passed()
                                && c.artifact().equals(String.valueOf(a.file())))) {
                    read += storedBytes(a); // what is on disk, not what the manifest declares
                    checks.add(checksum(a, level.compareTo(VerifyLevel.DECRYPT) >= 0, key));
                }
            }
        }
        if (level == VerifyLevel.RESTORE_DRILL && checks.stream().allMatch(Check::passed)) {
            RestoreDrill drill = new RestoreDrill(
                    this, key, options.volumes().orElse(null), options.context().orElse(null), options.contributors());
            manifest.artifacts().forEach(a -> checks.add(drill.check(a)));
        }
        return new VerificationReport(dir, level, checks, read, keyRefused(checks, key));
    }

    /** The bytes an artifact takes in the set (a directory's files together); 0 when it cannot be read. */
    private long storedBytes(Artifact a) {
        try {
            Path file = file(a);
            if (Files.isRegularFile(file, NOFOLLOW)) {
                return Files.size(file);
            }
            try (Stream<Path> files = Files.walk(file)) {
                return files.filter(f -> Files.isRegularFile(f, NOFOLLOW))
                        .mapToLong(f -> f.toFile().length())
                        .sum();
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Whether the key, not the set, failed: there are encrypted artifacts, each was read with intact stored bytes (a
     * checksum that differs is a CHECKSUMS failure instead) and none decrypted.
     */
    private boolean keyRefused(List<Check> checks, BackupKey key) {
        List<String> encrypted = manifest.artifacts().stream()
                .filter(Artifact::encrypted)
                .map(a -> String.valueOf(a.file()))
                .toList();
        return key != null
                && !encrypted.isEmpty()
                && encrypted.stream()
                        .allMatch(f -> checks.stream()
                                .anyMatch(c -> c.level() == VerifyLevel.DECRYPT
                                        && !c.passed()
                                        && c.artifact().equals(f)));
    }

    private boolean notMissing(Artifact a) {
        try {
            return Files.exists(file(a), NOFOLLOW);
        } catch (VerificationException e) {
            return false; // STRUCTURE reports it
        }
    }

    /**
     * COMPLETENESS of a key directory copy: it holds {@code keys.json} and {@code root-token}. Known from the
     * manifest's fingerprint ({@code keys}, or {@code files} of 0), else from the copy itself when it can be read.
     */
    private Check keyFiles(Artifact a, BackupKey key) {
        List<String> have;
        if ("0".equals(a.fingerprint().get("files"))) {
            return new Check(
                    VerifyLevel.COMPLETENESS,
                    a.file(),
                    false,
                    "the Vault key copy holds no files (the key "
                            + "directory was empty, or a link, when it was backed up); take a new backup of the keys");
        } else if (a.fingerprint().containsKey("keys")) {
            have = List.of(a.fingerprint().get("keys").split(","));
        } else if ("directory".equals(a.compression())) {
            have = KeyDirectoryTar.REQUIRED.stream()
                    .filter(f -> Files.isRegularFile(file(a).resolve(f), NOFOLLOW))
                    .toList();
        } else if (a.encrypted() && key == null) {
            return new Check(
                    VerifyLevel.COMPLETENESS,
                    a.file(),
                    true,
                    "which Vault key files it holds is checked " + "with the passphrase (--level decrypt)");
        } else {
            try (InputStream in = content(a, key)) {
                have = KeyDirectoryTar.names(in);
            } catch (IOException | RuntimeException e) {
                return new Check(
                        VerifyLevel.COMPLETENESS,
                        a.file(),
                        true,
                        "its Vault key files are checked when it " + "is read to its end (DECRYPT)");
            }
        }
        List<String> lacking =
                KeyDirectoryTar.REQUIRED.stream().filter(f -> !have.contains(f)).toList();
        return new Check(
                VerifyLevel.COMPLETENESS,
                a.file(),
                lacking.isEmpty(),
                lacking.isEmpty()
                        ? "holds " + String.join(" and ", KeyDirectoryTar.REQUIRED)
                        : "the Vault key copy lacks " + String.join(" and ", lacking)
                                + ", so a rollback from it cannot "
                                + "unseal Vault or log in; take a new backup once the key directory holds them");
    }

    /** The sidecar file where the last verification of the set is recorded (not part of the manifest). */
    public static final String VERIFICATION_FILE = "verification.json";

    /**
     * The last recorded verification of this set.
     *
     * @param level the level verified
     * @param passed whether every check held
     * @param at when
     */
    public record Verification(VerifyLevel level, boolean passed, Instant at) {}

    /**
     * Records a verification beside the manifest (0600); the artifacts and the manifest are not touched. A set in an
     * older layout is never written to, so nothing is recorded for it; nor is a verification the passphrase failed
     * ({@link VerificationReport#keyRefused()}), so that a wrong passphrase never makes an intact set look broken
     * (and prunable).
     */
    public void record(VerificationReport report, Instant at) {
        if (isLegacy() || report.keyRefused()) {
            return; // a wrong passphrase says nothing of the set: its last verification stands
        }
        Path file = dir.resolve(VERIFICATION_FILE);
        String json =
                "{\"level\":\"" + report.level() + "\",\"passed\":" + report.passed() + ",\"at\":\"" + at + "\"}\n";
        try {
            Path tmp = dir.resolve(VERIFICATION_FILE + ".tmp");
            Files.writeString(tmp, json);
            SecureFiles.makePrivate(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RollbackException(
                    "cannot record the verification of " + manifest.id() + " in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The last recorded verification, if any (an unreadable record counts as none). */
    public Optional<Verification> lastVerification() {
        Path file = dir.resolve(VERIFICATION_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            var n = new ObjectMapper().readTree(file.toFile());
            return Optional.of(new Verification(
                    VerifyLevel.valueOf(n.path("level").asText()),
                    n.path("passed").asBoolean(),
                    Instant.parse(n.path("at").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** One artifact's plain content as a re-readable dump source, for restores and drills. */
    public DumpSource source(Artifact a, BackupKey key) {
        long length = Long.parseLong(a.fingerprint().getOrDefault("bytes", "-1"));
        return new DumpSource() {
            @Override
            public InputStream open() throws IOException {
                return content(a, key);
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public String describe() {
                return a.file() + " of backup set " + manifest.id();
            }
        };
    }

    /** The artifact as a contributor sees it. */
    public static ArtifactInfo info(Artifact a) {
        return new ArtifactInfo(a.kind(), a.service(), a.file(), a.tool(), a.fingerprint());
    }

    /** The key under which completeness counts an artifact: {@code kind} or {@code kind:service}. */
    static String kindKey(Artifact a) {
        return a.service() == null ? a.kind() : a.kind() + ":" + a.service();
    }

    private Check checksum(Artifact a, boolean decrypt, BackupKey key) {
        Path file = file(a);
        if (a.sha256() == null) {
            Check none = new Check(
                    VerifyLevel.CHECKSUMS,
                    a.file(),
                    true,
                    "no checksum recorded (" + a.tool() + "); only its content can be checked");
            return decrypt ? decrypts(a, key) : none;
        }
        if (decrypt && "zstd".equals(a.compression())) {
            return checksumAndDecrypt(a, key);
        }
        try {
            long size;
            String sha;
            try (HashingInputStream in = new HashingInputStream(Files.newInputStream(file, NOFOLLOW))) {
                byte[] buf = new byte[256 * 1024];
                while (in.read(buf) > 0) {
                    // hashed and counted on the way
                }
                size = in.bytes();
                sha = in.hex();
            }
            if (size != a.size() || !sha.equals(a.sha256())) {
                return storedDiffer(a, size, sha);
            }
            if (!decrypt) {
                return new Check(VerifyLevel.CHECKSUMS, a.file(), true, size + " bytes");
            }
            return decrypts(a, key);
        } catch (IOException e) {
            return new Check(VerifyLevel.CHECKSUMS, a.file(), false, e.getMessage());
        }
    }

    private static Check storedDiffer(Artifact a, long size, String sha) {
        return new Check(
                VerifyLevel.CHECKSUMS,
                a.file(),
                false,
                "stored bytes differ from the manifest (" + size
                        + " bytes, sha256 " + sha.substring(0, 12) + "…; expected " + a.size() + " bytes, "
                        + a.sha256().substring(0, Math.min(12, a.sha256().length())) + "…)");
    }

    /**
     * CHECKSUMS and DECRYPT in one read of the file: the stored bytes are hashed on their way into the decryption
     * and decompression. A content failure is blamed on the stored bytes when their checksum differs too.
     */
    private Check checksumAndDecrypt(Artifact a, BackupKey key) {
        HashingInputStream stored = null;
        MessageDigest plain = a.fingerprint().containsKey("sha256") ? Sha256.digest() : null;
        long[] size = {0};
        long bytes = 0;
        IOException failure = null;
        try (InputStream raw =
                new FilterInputStream(stored = new HashingInputStream(Files.newInputStream(file(a), NOFOLLOW))) {
                    private boolean closed;

                    @Override
                    public void close() throws IOException {
                        if (closed) {
                            return;
                        }
                        closed = true;
                        size[0] = ((HashingInputStream) in).bytes(); // what the content layers read
                        byte[] rest = new byte[256 * 1024];
                        while (super.read(rest, 0, rest.length) > 0) {
                            // hash what the content layers left unread, so the stored checksum covers every byte
                        }
                        super.close();
                    }
                }) {
            byte[] buf = new byte[256 * 1024];
            try (InputStream in = ArtifactStreams.open(new BufferedInputStream(raw, 256 * 1024), a.encrypted(), key)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    if (plain != null) {
                        plain.update(buf, 0, n);
                    }
                    bytes += n;
                }
            } catch (IOException e) {
                failure = e;
            }
        } catch (IOException e) {
            return new Check(VerifyLevel.CHECKSUMS, a.file(), false, "cannot be read: " + e);
        }
        String sha = stored.hex();
        if (size[0] != a.size() || !sha.equals(a.sha256())) {
            return storedDiffer(a, size[0], sha);
        }
        return contentCheck(a, bytes, plain == null ? null : Sha256.hex(plain), failure);
    }

    private Check decrypts(Artifact a, BackupKey key) {
        boolean hash = a.fingerprint().containsKey("sha256");
        HashingInputStream hashed = null;
        long bytes = 0;
        try (InputStream in = hash ? (hashed = new HashingInputStream(content(a, key))) : content(a, key)) {
            byte[] buf = new byte[256 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes += n; // zstd checks its frame checksum at the end of the content
            }
        } catch (IOException e) {
            return contentCheck(a, bytes, null, e);
        }
        return contentCheck(a, bytes, hashed == null ? null : hashed.hex(), null);
    }

    /**
     * The DECRYPT check of content read to its end ({@code failure} null) or broken off: its size and, when the
     * manifest has one, its sha256 ({@code plainSha}, null without one) against the fingerprint.
     */
    private static Check contentCheck(Artifact a, long bytes, String plainSha, IOException failure) {
        if (failure != null) {
            return new Check(
                    VerifyLevel.DECRYPT,
                    a.file(),
                    false,
                    "does not " + (a.encrypted() ? "decrypt and " : "")
                            + "decompress to its end: "
                            + (failure.getMessage() == null
                                    ? failure.getClass().getSimpleName()
                                    : failure.getMessage()));
        }
        String want = a.fingerprint().get("sha256");
        String bytesWant = a.fingerprint().get("bytes");
        boolean ok = (want == null || want.equals(plainSha))
                && (bytesWant == null || bytesWant.equals(Long.toString(bytes)));
        String intact = a.sha256() == null && want == null
                ? "read to its end (" + bytes + " bytes; "
                        + ("gzip".equals(a.compression()) ? "gzip's CRC holds" : "no checksum was recorded to compare")
                        + ")"
                : "content intact (" + bytes + " bytes)";
        return new Check(VerifyLevel.DECRYPT, a.file(), ok, ok ? intact : "content differs from its fingerprint");
    }
}
