package dev.rollback.validation.check;

import dev.rollback.backup.BackupKey;
import dev.rollback.backup.BackupManifest;
import dev.rollback.backup.BackupSet;
import dev.rollback.backup.TarFingerprint;
import dev.rollback.io.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The runbook's file items: {@code .env} as the backup set has it (the variables that differ are named, never their
 * values), the Vault key directory's files equal to the set's copy (sha256 of each), and every key file readable by
 * its owner only (0600).
 *
 * <p>{@code FileChecks.all() // files.env, files.keys, files.keys-mode}
 */
final class FileChecks {
    static final String GROUP = "files";
    private static final Set<PosixFilePermission> OTHERS = Set.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private FileChecks() {}

    static List<Check> all() {
        return List.of(
                Check.of("files.env", GROUP, ".env equal to the backup set's", FileChecks::env),
                Check.of("files.keys", GROUP, "Vault key files equal to the backup set's", FileChecks::keys),
                Check.of("files.keys-mode", GROUP, "Vault key files 0600", FileChecks::keysMode));
    }

    private static byte[] artifact(CheckContext ctx, BackupSet set, String kind) throws IOException {
        BackupManifest.Artifact a = set.manifest()
                .artifact(kind)
                .orElseThrow(() -> new CheckSkipped("set " + set.manifest().id() + " holds no " + kind));
        BackupKey key = ctx.key().orElse(null);
        if (a.encrypted() && key == null) {
            throw new CheckSkipped("set " + set.manifest().id() + " is encrypted: give its passphrase"
                    + " (ROLLBACK_BACKUP_PASSPHRASE, or the key directory's backup-passphrase file) to compare its "
                    + kind);
        }
        try (InputStream in = set.content(a, key)) {
            return in.readAllBytes();
        }
    }

    private static Verdict env(CheckContext ctx) throws IOException {
        BackupSet set = ctx.requireSet();
        byte[] want = artifact(ctx, set, "env");
        Path file = ctx.environment().envFile();
        if (!Files.isRegularFile(file)) {
            return Verdict.fail(
                    "the set's .env",
                    "no " + file.getFileName(),
                    "restore it: rollback full --from-backup " + set.manifest().id());
        }
        byte[] have = Files.readAllBytes(file);
        String expected = ".env of set " + set.manifest().id();
        if (Arrays.equals(want, have)) {
            return Verdict.pass(expected, "the same, byte for byte");
        }
        List<String> differ = differences(variables(want), variables(have), "removed", "added", "changed");
        return Verdict.fail(
                expected,
                differ.isEmpty() ? "the same variables, other comments or order" : String.join(", ", differ),
                "restore .env from the set: rollback full --from-backup "
                        + set.manifest().id() + " (or rollback config --env-from <a copy>)");
    }

    /**
     * The names that differ between what the set has and what is here, sorted, each with what happened to it; values
     * never appear (they may be secrets).
     */
    private static List<String> differences(
            Map<String, String> want, Map<String, String> have, String gone, String extra, String changed) {
        Set<String> names = new TreeSet<>(want.keySet());
        names.addAll(have.keySet());
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (!have.containsKey(n)) {
                out.add(n + " " + gone);
            } else if (!want.containsKey(n)) {
                out.add(n + " " + extra);
            } else if (!want.get(n).equals(have.get(n))) {
                out.add(n + " " + changed);
            }
        }
        return out;
    }

    /** The {@code NAME=value} lines, by name; comments and blank lines left out. */
    private static Map<String, String> variables(byte[] content) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || !t.contains("=")) {
                continue;
            }
            String name = t.substring(0, t.indexOf('=')).strip();
            if (name.startsWith("export ")) {
                name = name.substring("export ".length()).strip();
            }
            out.put(name, t.substring(t.indexOf('=') + 1));
        }
        return out;
    }

    private static Verdict keys(CheckContext ctx) throws IOException {
        BackupSet set = ctx.requireSet();
        Path dir = ctx.environment().vaultKeyDir();
        byte[] tar = artifact(ctx, set, "vault-keys");
        Map<String, String> want = TarFingerprint.contents(new ByteArrayInputStream(tar));
        Map<String, String> have = Files.isDirectory(dir) ? FileTrees.checksums(dir) : Map.of();
        List<String> differ = differences(want, have, "missing", "not in the set", "differs");
        return Verdict.of(
                differ.isEmpty(),
                want.size() + " files of set " + set.manifest().id() + " (sha256)",
                differ.isEmpty() ? have.size() + " files, the same" : String.join(", ", differ),
                "restore the keys from the set (rollback full --from-backup "
                        + set.manifest().id() + "); Vault cannot be unsealed with other keys");
    }

    private static Verdict keysMode(CheckContext ctx) throws IOException {
        Path dir = ctx.environment().vaultKeyDir();
        if (!Files.isDirectory(dir)) {
            throw new CheckSkipped("no Vault key directory at " + dir);
        }
        List<String> loose = new ArrayList<>();
        int files = 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p :
                    (Iterable<Path>) walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))::iterator) {
                files++;
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                if (perms.stream().anyMatch(OTHERS::contains)) {
                    loose.add(dir.relativize(p) + " is " + PosixFilePermissions.toString(perms));
                }
            }
        }
        return Verdict.of(
                loose.isEmpty(),
                "every key file 0600 (rw-------)",
                loose.isEmpty() ? files + " files, 0600" : String.join(", ", loose),
                "chmod 600 the files named (chmod 600 " + dir + "/*); anyone who reads them can unseal Vault");
    }
}
