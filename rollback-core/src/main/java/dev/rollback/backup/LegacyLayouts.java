package dev.rollback.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollback.backup.BackupManifest.Artifact;
import dev.rollback.errors.VerificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Backups made before this tool, read in place so users keep their history: the runbook's manual layout
 * ({@code env_backup}, {@code postgres_all.sql}, {@code mysql_all.sql}, {@code mongodb_dump.archive},
 * {@code volume_<name>.tar.gz}, a {@code vault-backup-YYYYMMDD/} key directory) and DevStack Core's own
 * {@code manifest.json} ({@code backup_id}, {@code timestamp}, {@code databases.<name>.{file,size_bytes,checksum}},
 * {@code config.env_file}, {@code encrypted}). Nothing in the directory is changed.
 *
 * <p>{@code Optional<BackupManifest> m = LegacyLayouts.read(home.resolve("backups/20251114_manual"));}
 */
final class LegacyLayouts {
    /** The tool recorded for a set in the runbook's manual layout. */
    static final String SEED_TOOL = "runbook manual layout";
    /** The tool recorded for a set written by DevStack Core's backup script. */
    static final String DEVSTACK_TOOL = "devstack-core backup";

    private static final Pattern VOLUME = Pattern.compile("volume_(.+)\\.tar\\.gz");
    private static final Pattern DATE = Pattern.compile("^(\\d{8})(?:_(\\d{6}))?");
    private static final Map<String, String> MANUAL_DUMPS =
            Map.of("postgres_all.sql", "postgres", "mysql_all.sql", "mysql", "mongodb_dump.archive", "mongodb");

    private LegacyLayouts() {}

    /** Whether {@code dir} holds a set in either older layout. */
    static boolean recognises(Path dir) {
        Path manifest = dir.resolve(BackupManifest.FILE);
        if (Files.isRegularFile(manifest)) {
            return isDevstack(manifest);
        }
        return Files.isRegularFile(dir.resolve("env_backup"))
                || MANUAL_DUMPS.keySet().stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f)))
                || !volumes(dir).isEmpty();
    }

    /** The manifest of a set in an older layout, or empty when {@code dir} is in neither. */
    static Optional<BackupManifest> read(Path dir) {
        Path manifest = dir.resolve(BackupManifest.FILE);
        if (Files.isRegularFile(manifest)) {
            return isDevstack(manifest) ? Optional.of(devstack(dir, manifest)) : Optional.empty();
        }
        return recognises(dir) ? Optional.of(manualLayout(dir)) : Optional.empty();
    }

    private static boolean isDevstack(Path manifest) {
        try {
            JsonNode n = new ObjectMapper().readTree(manifest.toFile());
            return n != null && n.has("backup_id") && !n.has("formatVersion");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A set in the runbook's manual layout ({@code backups/<date>_manual}: {@code env_backup}, the
     * {@code *_all.sql} and {@code mongodb_dump.archive} dumps, {@code volume_<name>.tar.gz}, the key directory).
     */
    private static BackupManifest manualLayout(Path dir) {
        List<Artifact> out = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve("env_backup"))) {
            out.add(plain("env", null, dir, "env_backup", "none", SEED_TOOL));
        }
        MANUAL_DUMPS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .filter(e -> Files.isRegularFile(dir.resolve(e.getKey())))
                .forEach(e -> out.add(plain(
                        "db-dump",
                        e.getValue(),
                        dir,
                        e.getKey(),
                        "none",
                        SEED_TOOL + " ("
                                + (e.getKey().endsWith(".archive")
                                        ? "mongodump --archive"
                                        : e.getValue().equals("postgres") ? "pg_dumpall" : "mysqldump --all-databases")
                                + ")")));
        for (String file : volumes(dir)) {
            Matcher m = VOLUME.matcher(file);
            m.matches();
            out.add(plain("volume", m.group(1), dir, file, "gzip", SEED_TOOL + " (tar czf)"));
        }
        keyDirectory(dir)
                .ifPresent(k -> out.add(new Artifact(
                        "vault-keys",
                        null,
                        k,
                        -1,
                        null,
                        "directory",
                        false,
                        SEED_TOOL + " (cp -r ~/.config/vault)",
                        Map.of())));
        return new BackupManifest(
                BackupManifest.FORMAT_VERSION,
                dir.getFileName().toString(),
                created(dir, null),
                SEED_TOOL,
                new BackupManifest.EnvironmentInfo(null, null),
                new BackupManifest.GitInfo(null, null, false),
                null,
                out);
    }

    private static BackupManifest devstack(Path dir, Path manifest) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(manifest.toFile());
        } catch (IOException e) {
            throw new VerificationException(
                    "backup set " + dir, List.of("manifest.json cannot be read: " + e.getMessage()));
        }
        boolean encrypted = n.path("encrypted").asBoolean(false);
        List<Artifact> out = new ArrayList<>();
        String envFile = n.path("config").path("env_file").asText(null);
        if (envFile != null) {
            out.add(plain("env", null, dir, envFile, compression(envFile), DEVSTACK_TOOL));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("databases").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> db = it.next();
            JsonNode d = db.getValue();
            String file = d.path("file").asText(null);
            if (file == null) {
                throw new VerificationException(
                        "backup set " + dir, List.of("manifest.json: databases." + db.getKey() + " has no file"));
            }
            String checksum = d.path("checksum").asText(null);
            String sha =
                    checksum == null ? null : checksum.toLowerCase(Locale.ROOT).replaceFirst("^sha256:", "");
            long size = d.path("size_bytes").asLong(-1);
            out.add(new Artifact(
                    "db-dump",
                    db.getKey(),
                    file,
                    size,
                    sha,
                    compression(file),
                    encrypted || file.endsWith(".gpg"),
                    DEVSTACK_TOOL,
                    Map.of()));
        }
        String id = n.path("backup_id").asText(dir.getFileName().toString());
        return new BackupManifest(
                BackupManifest.FORMAT_VERSION,
                id,
                created(dir, n.path("timestamp").asText(null)),
                DEVSTACK_TOOL
                        + (n.has("backup_type") ? " (" + n.path("backup_type").asText() + ")" : ""),
                new BackupManifest.EnvironmentInfo(null, null),
                new BackupManifest.GitInfo(null, null, false),
                null,
                out);
    }

    private static Artifact plain(String kind, String service, Path dir, String file, String compression, String tool) {
        long size = -1;
        try {
            size = Files.size(dir.resolve(file));
        } catch (IOException e) {
            // STRUCTURE reports it missing
        }
        return new Artifact(kind, service, file, size, null, compression, false, tool, Map.of());
    }

    private static String compression(String file) {
        String f = file.endsWith(".gpg") ? file.substring(0, file.length() - 4) : file;
        return f.endsWith(".gz") ? "gzip" : f.endsWith(".zst") ? "zstd" : "none";
    }

    private static List<String> volumes(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(f -> VOLUME.matcher(f).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<String> keyDirectory(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith("vault-backup-"))
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Instant created(Path dir, String timestamp) {
        if (timestamp != null) {
            try {
                return OffsetDateTime.parse(timestamp).toInstant();
            } catch (RuntimeException e) {
                try {
                    return LocalDateTime.parse(timestamp)
                            .atZone(ZoneId.systemDefault())
                            .toInstant();
                } catch (RuntimeException ignored) {
                    // fall through to the name
                }
            }
        }
        Matcher m = DATE.matcher(
                timestamp != null && DATE.matcher(timestamp).find()
                        ? timestamp
                        : dir.getFileName().toString());
        if (m.find()) {
            LocalDate day = LocalDate.parse(m.group(1), DateTimeFormatter.BASIC_ISO_DATE);
            LocalDateTime at = m.group(2) == null
                    ? day.atStartOfDay()
                    : LocalDateTime.parse(m.group(1) + m.group(2), DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
            return at.atZone(ZoneId.systemDefault()).toInstant();
        }
        try {
            return Files.getLastModifiedTime(dir).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
