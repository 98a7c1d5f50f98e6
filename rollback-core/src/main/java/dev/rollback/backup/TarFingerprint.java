package dev.rollback.backup;

import dev.rollback.io.HashingInputStream;
import dev.rollback.io.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A content fingerprint of a tar stream: every entry's path, type, mode and content hash, in path order; times
 * and owners' names are left out, so two archives of the same files compare equal.
 *
 * <p>{@code String fp = TarFingerprint.of(in); // sha256 hex over the sorted entry lines}
 */
public final class TarFingerprint {
    private TarFingerprint() {}

    /** Reads the stream to its end. */
    public static Result of(InputStream in) throws IOException {
        Map<String, String> lines = new TreeMap<>();
        long bytes = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        byte[] buf = new byte[128 * 1024];
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            HashingInputStream d = new HashingInputStream(tar);
            if (e.isFile()) {
                for (int n; (n = d.read(buf)) > 0; ) {
                    bytes += n;
                }
            }
            String type = e.isDirectory() ? "d" : e.isSymbolicLink() ? "l:" + e.getLinkName() : "f";
            lines.put(
                    e.getName(),
                    type + " " + Integer.toOctalString(e.getMode() & 07777) + " " + e.getLongUserId() + ":"
                            + e.getLongGroupId() + " " + (e.isFile() ? d.hex() : ""));
        }
        MessageDigest all = Sha256.digest();
        lines.forEach((k, v) -> all.update((k + " " + v + "\n").getBytes(StandardCharsets.UTF_8)));
        return new Result(Sha256.hex(all), lines.size(), bytes);
    }

    /**
     * Each regular file's sha256 by path, read to the stream's end; modes, owners and times left out, so it compares
     * with {@link dev.rollback.io.FileTrees#checksums} of an unpacked copy.
     *
     * <p>{@code TarFingerprint.contents(set.content(keys, key)).equals(FileTrees.checksums(env.vaultKeyDir()))}
     */
    public static Map<String, String> contents(InputStream in) throws IOException {
        Map<String, String> out = new TreeMap<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        byte[] buf = new byte[64 * 1024];
        for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
            if (e.isFile()) {
                HashingInputStream d = new HashingInputStream(tar);
                while (d.read(buf) > 0) {
                    // hashing as it reads
                }
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                out.put(name, d.hex());
            }
        }
        return out;
    }

    /**
     * @param sha256 the fingerprint
     * @param entries how many entries
     * @param bytes the files' content bytes
     */
    public record Result(String sha256, int entries, long bytes) {}
}
